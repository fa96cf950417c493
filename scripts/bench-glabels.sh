#!/usr/bin/env bash
# bench-glabels.sh: the same mail merge in gLabels 3 and in Referable, in
# one run on one machine: 1,000 flat cards 4 per Letter page (4.25×5.5
# in), a greeting and a thank-you message with the referrer's and the
# referral's names merged in, in Caveat. Prints the median wall time of
# five runs of each and the ratio (issue 16 wants Referable 10× faster).
#
#   scripts/bench-glabels.sh [BINARY]      (default: ./bin/referable)
#
# Referable prints from a sample book whose people are renamed as the
# CSV names them (first_name NameN, each referral "Referred Person N"),
# so both merge the same words; it also prints from the sample book as
# it is, whose names are in seven scripts (seven fonts embedded).
#
# Needs glabels-3-batch (Debian: apt-get install glabels), sqlite3, bc
# and bash 5 (EPOCHREALTIME).
set -euo pipefail
bin=${1:-./bin/referable}
command -v glabels-3-batch >/dev/null || { echo "glabels-3-batch is missing: apt-get install glabels" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LANG=C.UTF-8
n=1000
here=$(cd "$(dirname "$0")/.." && pwd)

# Caveat for gLabels, through a private fontconfig.
mkdir -p "$dir/fonts" "$dir/cache"
cp "$here/assets/fonts/Caveat-Regular.ttf" "$dir/fonts/"
cat >"$dir/fonts.conf" <<CONF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$dir/fonts</dir><include ignore_missing="yes">/etc/fonts/fonts.conf</include><cachedir>$dir/cache</cachedir></fontconfig>
CONF
(echo first_name,referral_name,my_name; for i in $(seq 1 $n); do echo "Name$i,Referred Person $i,Sam"; done) >"$dir/data.csv"
cat >"$dir/card.glabels" <<DOC
<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlspec/3.0">
  <Template brand="Referable" part="flat-letter-4up" size="US-Letter" description="Flat card, 4 per Letter page">
    <Meta category="card"/>
    <Label-rectangle id="0" width="4.25in" height="5.5in" round="0in" x_waste="0in" y_waste="0in">
      <Markup-margin size="0.25in"/>
      <Layout nx="2" ny="2" x0="0in" y0="0in" dx="4.25in" dy="5.5in"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
    <Object-text x="0.3in" y="0.35in" w="3.65in" h="1.2in" justify="Center" valign="Middle" auto_shrink="False" lock_aspect_ratio="False" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0" shadow="False">
      <Span font_family="Caveat" font_size="36" font_weight="Regular" font_italic="False" color="0x1f2a52ff" line_spacing="1.3">Thank you, <Field name="first_name"/>!</Span>
    </Object-text>
    <Object-text x="0.3in" y="1.9in" w="3.65in" h="3.2in" justify="Left" valign="Top" auto_shrink="False" lock_aspect_ratio="False" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0" shadow="False">
      <Span font_family="Caveat" font_size="17" font_weight="Regular" font_italic="False" color="0x1f2a52ff" line_spacing="1.3">Dear <Field name="first_name"/>,

Thank you for sending <Field name="referral_name"/> my way. Your trust means a great deal, and I will take good care of them.

With gratitude,
<Field name="my_name"/></Span>
    </Object-text>
  </Objects>
  <Merge type="Text/Comma/Line1Keys" src="$dir/data.csv"/>
</Glabels-document>
DOC
FONTCONFIG_FILE="$dir/fonts.conf" glabels-3-batch -o "$dir/warm.pdf" "$dir/card.glabels" >/dev/null 2>&1 # builds the font cache
"$bin" --db "$dir/$n.db" demo --contacts "$n" >/dev/null 2>&1
cp "$dir/$n.db" "$dir/same.db"
sqlite3 "$dir/same.db" "UPDATE contacts SET given_name = 'Name' || id, name = 'Referred Person ' || id;"

median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
# secs CMD...: runs CMD, its output discarded, and prints its wall time in
# seconds to the millisecond (GNU time gives hundredths only).
secs() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  echo "$EPOCHREALTIME - $start" | bc -l | xargs printf '%.3f\n'
}
gl=() ref=() sample=()
for run in 1 2 3 4 5; do
  gl+=("$(secs env FONTCONFIG_FILE="$dir/fonts.conf" glabels-3-batch -o "$dir/gl.pdf" "$dir/card.glabels")")
  for db in same "$n"; do
    cp "$dir/$db.db" "$dir/run.db"
    t=$(secs "$bin" --db "$dir/run.db" print --template thank-you-referral \
      --layout flat-letter-4up --font Caveat --to all --include-do-not-contact --allow-empty-fields -o "$dir/ref-$db.pdf")
    if [ "$db" = same ]; then ref+=("$t"); else sample+=("$t"); fi
  done
done
g=$(median "${gl[@]}") r=$(median "${ref[@]}") s=$(median "${sample[@]}")
printf '%-12s %6s %9s %7s\n' program cards seconds pages
printf '%-12s %6d %9s %7s\n' "gLabels 3" "$n" "$g" "$(pdfinfo "$dir/gl.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
printf '%-12s %6d %9s %7s\n' Referable "$n" "$r" "$(pdfinfo "$dir/ref-same.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
printf 'Referable is %.1f× faster on the same merge\n' "$(echo "$g / $r" | bc -l)"
printf '%-12s %6d %9s %7s   (the sample book: names in seven scripts)\n' Referable "$n" "$s" "$(pdfinfo "$dir/ref-$n.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
printf 'Referable is %.1f× faster on the sample book\n' "$(echo "$g / $s" | bc -l)"
