import PSSFixCLI
