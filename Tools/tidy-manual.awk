# Tidies the man page swift-argument-parser's generate-manual plugin writes (mdoc): the
# commands' discussions are copied in verbatim, so blank lines (mdoc warns "Empty input line")
# become paragraph breaks, and indented lines (option tables, examples) go into literal
# displays so that their alignment survives. Run by `make man`.
function close_display() { if (in_display) { print ".Ed"; in_display = 0 } }
/^\./ { close_display(); print; next }
/^[[:space:]]*$/ { close_display(); if (!last_pp) print ".Pp"; last_pp = 1; next }
/^  / {
    if (!in_display) { print ".Bd -literal -offset indent"; in_display = 1 }
    sub(/^  /, ""); print; last_pp = 0; next
}
{ close_display(); print; last_pp = 0 }
END { close_display() }
