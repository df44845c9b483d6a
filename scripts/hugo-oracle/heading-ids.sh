#!/usr/bin/env bash
# Regenerate the heading-ID goldens from the real Hugo binary.
#
# Builds fixtures/hugo/heading-ids once per configuration in configs/ (the three autoIDTypes,
# github with the typographer off, with heading attributes off, and with the site's own typographer
# substitutions: words, and odd values) and writes:
#   goldens/<config>.txt        the id of every <hN> of content/headings.md, in document order,
#                               one per line: "-" for a heading without id, an empty line for
#                               id="", and a backslash before an id that is "-" or starts with one;
#   goldens/unicode-<type>.txt  (the three types) what `anchorize`, the same sanitiser, makes of
#                               every code point,
#                               as runs "<first> <last> <delta>" (hex code points; each code
#                               point c of the run becomes c + delta; absent: dropped).
# Needs hugo (0.168.0 for the committed goldens) and perl. Builds in a temporary directory and
# leaves nothing else behind.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
site="$here/fixtures/hugo/heading-ids"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

hugo version >&2

for type in github github-ascii blackfriday github-no-typographer github-no-attributes \
    github-typographer-words github-typographer-odd; do
    out="$work/$type"
    hugo --quiet --noBuildLock --source "$site" --destination "$out" \
        --cacheDir "$work/cache" --config "hugo.toml,configs/$type.toml" >&2

    # Every opening heading tag in document order; its id attribute, or "-".
    perl -0777 -ne '
        while (/<h[1-6]\b([^>]*)>/g) {
            my $attrs = $1;
            if ($attrs =~ /\bid="([^"]*)"/) {
                my $id = $1;
                $id =~ s/&lt;/</g; $id =~ s/&gt;/>/g; $id =~ s/&quot;/"/g;
                $id =~ s/&#39;/\x27/g; $id =~ s/&amp;/&/g;
                $id = "\\$id" if $id eq "-" || $id =~ /^\\/;
                print "$id\n";
            } else {
                print "-\n";
            }
        }' "$out/headings/index.html" > "$site/goldens/$type.txt"

    echo "$type: $(wc -l < "$site/goldens/$type.txt") headings" >&2
    [ -f "$out/index.html" ] || continue

    # "<code point> <utf-8 hex of anchorize>" lines → runs of equal delta.
    perl -ne '
        next unless /^([0-9A-F]+) ([0-9a-f]+)$/;
        my $cp = hex $1;
        my $s = pack("H*", $2);
        utf8::decode($s) or die "bad UTF-8 for $1";
        die "more than one character for $1" if length($s) != 1;
        my $d = ord($s) - $cp;
        if (defined $last && $cp == $last + 1 && $d == $delta) { $last = $cp; next }
        printf("%X %X %d\n", $first, $last, $delta) if defined $last;
        ($first, $last, $delta) = ($cp, $cp, $d);
        END { printf("%X %X %d\n", $first, $last, $delta) if defined $last }
    ' "$out/index.html" > "$site/goldens/unicode-$type.txt"

    echo "$type: $(wc -l < "$site/goldens/unicode-$type.txt") code point runs" >&2
done
