#!/bin/sh
# Regenerates the ASR test fixtures (run from the module directory: sh src/test/resources/asr/make-fixtures.sh): flite voices -> sox (default HQ resampler) -> 8 kHz 16-bit mono,
# with 250 ms of silence either side (the gateway's endpointer keeps ~200-300 ms of padding).
set -eu
out=${1:-src/test/resources/asr}
tmp=$(mktemp -d)
gen() { # file voice text tsv
  flite -voice "$2" -t "$3" -o "$tmp/raw.wav"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 "$out/$1" pad 0.25 0.25
  printf '%s\t%s\t%s\n' "$1" "$3" "$2" >> "$4"
}
printf 'file\ttext\tvoice\n' > "$out/phrases.tsv"
P="$out/phrases.tsv"
gen agent.wav            slt "agent" "$P"
gen representative.wav   rms "I want to talk to a representative" "$P"
gen person.wav           awb "let me speak to a person" "$P"
gen balance.wav          slt "what is my balance" "$P"
gen outage.wav           kal "I want to report an outage" "$P"
gen hours.wav            rms "what are your opening hours" "$P"
gen yes.wav              awb "yes" "$P"
gen no.wav               slt "no" "$P"
gen digits.wav           rms "four zero zero one two" "$P"
gen goodbye.wav          kal "goodbye" "$P"
gen pay-bill.wav         awb "I want to pay my bill" "$P"
gen power-out.wav        slt "my power is out" "$P"
gen water-leak.wav       rms "there is a water leak" "$P"
gen meter-reading.wav    kal "I want to submit a meter reading" "$P"
printf 'file\ttext\tvoice\n' > "$out/out-of-grammar.tsv"
O="$out/out-of-grammar.tsv"
gen oog-fox.wav          slt "the quick brown fox jumps over the lazy dog" "$O"
gen oog-neighbour.wav    rms "can you tell me about my neighbour's dog" "$O"
gen oog-weather.wav      awb "will it rain in London tomorrow afternoon" "$O"
gen oog-pizza.wav        kal "I would like a large pepperoni pizza" "$O"
rm -rf "$tmp"
