import PSSFixCLI

PSSFixCommand.main()
