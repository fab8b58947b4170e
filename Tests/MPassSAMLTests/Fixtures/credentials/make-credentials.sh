#!/bin/sh
# Makes the test credentials in this folder with the openssl command-line tool, and
# records in expected-facts.txt what openssl itself says about them, so the tests compare
# the library's reading of each certificate with an independent one.
#
# Run it from anywhere: ./make-credentials.sh   (then commit the outputs).
# Every key here is for tests only; the passwords below protect nothing real.
#
# Validity dates are fixed (`openssl ca -startdate/-enddate`) so the tests' fixed clock
# (2026-11-22T10:00:00Z) sees the leaf as valid and `expired` as expired, whatever day
# the script runs. Keys and signatures change on each run; names, serials and dates do not.
set -eu

cd "$(dirname "$0")"
PFX_PASSWORD='test-only-pfx-password'
KEY_PASSPHRASE='test-only-key-passphrase'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal `openssl ca` setup: the only openssl 3.0 command that sets arbitrary
# notBefore/notAfter dates (`x509`/`req` only have -days, counted from now).
mkdir "$work/db"
: > "$work/db/index.txt"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $work/db/index.txt
new_certs_dir = $work/db
serial = $work/db/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
preserve = yes
[ anything ]
countryName = optional
organizationName = optional
commonName = supplied
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# issue NAME SUBJECT SERIAL START END EXT SIGNER_KEY [SIGNER_CERT]
# SUBJECT in openssl's /C=../CN=.. form; START/END as YYYYMMDDHHMMSSZ.
issue() {
    name=$1 subject=$2 serial=$3 start=$4 end=$5 ext=$6 signer_key=$7 signer_cert=${8:-}
    echo "$serial" > "$work/db/serial"
    openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr" 2>/dev/null
    if [ -z "$signer_cert" ]; then
        openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$signer_key" \
            -in "$work/$name.csr" -out "$work/$name.crt" -notext \
            -startdate "$start" -enddate "$end" -extensions "$ext" 2>/dev/null
    else
        openssl ca -batch -config "$work/ca.cnf" -keyfile "$signer_key" -cert "$signer_cert" \
            -in "$work/$name.csr" -out "$work/$name.crt" -notext \
            -startdate "$start" -enddate "$end" -extensions "$ext" 2>/dev/null
    fi
}

rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$work/$1.key" 2>/dev/null; }

rsa ca 2048
issue ca '/C=MD/O=TEST ONLY - mpass-harness/CN=Test Root CA' 01 \
    20250101000000Z 20350101000000Z ca_ext "$work/ca.key"

# The leaf: like a STISC system certificate (C and CN only), issued by the CA. Its serial
# starts with a zero nibble so the tests see that hex serials keep their leading 0.
rsa leaf 2048
issue leaf '/C=MD/CN=test-service.mpass-harness.test' 0F1E2D3C4B5A69788796A5B4C3D2E1F001122334 \
    20250601000000Z 20300601000000Z leaf_ext "$work/ca.key" "$work/ca.crt"

rsa expired 2048
issue expired '/C=MD/CN=expired.mpass-harness.test' 0E \
    20200101000000Z 20210101000000Z leaf_ext "$work/ca.key" "$work/ca.crt"

rsa rsa1024 1024
issue rsa1024 '/C=MD/CN=rsa1024.mpass-harness.test' 10 \
    20250601000000Z 20300601000000Z leaf_ext "$work/ca.key" "$work/ca.crt"

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.key" 2>/dev/null
issue ec '/C=MD/CN=ec.mpass-harness.test' 11 \
    20250601000000Z 20300601000000Z leaf_ext "$work/ca.key" "$work/ca.crt"

rsa other 2048

# ---- Outputs ----
cp "$work/ca.crt" ca.pem
openssl x509 -in "$work/leaf.crt" -out leaf.cert.pem
openssl pkey -in "$work/leaf.key" -out leaf.key.pem
openssl x509 -in "$work/leaf.crt" -outform DER -out leaf.cer
# Key, leaf and CA in one PEM, the way many servers keep them.
cat leaf.key.pem leaf.cert.pem ca.pem > leaf-combined.pem
openssl pkey -in "$work/leaf.key" -aes256 -passout "pass:$KEY_PASSPHRASE" -out leaf-encrypted.key.pem
openssl pkey -in "$work/other.key" -out other.key.pem
for name in expired rsa1024 ec; do
    openssl pkey -in "$work/$name.key" > "$name.pem"
    openssl x509 -in "$work/$name.crt" >> "$name.pem"
done

# PKCS#12 as the public MPass sample is made: key in a pbeWithSHA1And3-KeyTripleDES-CBC
# shrouded bag, two certificate bags in plain PKCS7 data, SHA-1 MAC, 2048 iterations.
openssl pkcs12 -export -inkey "$work/leaf.key" -in "$work/leaf.crt" -certfile "$work/ca.crt" \
    -keypbe PBE-SHA1-3DES -certpbe NONE -macalg sha1 -iter 2048 \
    -passout "pass:$PFX_PASSWORD" -out leaf-3des.pfx
# What `openssl pkcs12 -export -legacy` makes (OpenSSL 1.x's default, Windows exports):
# certificates encrypted with RC2-40, which OpenSSL 3 reads only through its legacy provider.
openssl pkcs12 -export -legacy -inkey "$work/leaf.key" -in "$work/leaf.crt" -certfile "$work/ca.crt" \
    -passout "pass:$PFX_PASSWORD" -out leaf-rc2.pfx
# OpenSSL 3's default: AES-256-CBC with PBKDF2, SHA-256 MAC.
openssl pkcs12 -export -inkey "$work/leaf.key" -in "$work/leaf.crt" -certfile "$work/ca.crt" \
    -passout "pass:$PFX_PASSWORD" -out leaf-aes.pfx

# Show that the legacy file has the shape of the public sample.
info=$(openssl pkcs12 -info -noout -in leaf-3des.pfx -passin "pass:$PFX_PASSWORD" 2>&1)
echo "$info" | grep -q 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC' \
    || { echo "leaf-3des.pfx: key bag is not 3DES" >&2; exit 1; }
[ "$(echo "$info" | grep -c 'Certificate bag')" -eq 2 ] \
    || { echo "leaf-3des.pfx: expected two certificate bags" >&2; exit 1; }
openssl pkcs12 -info -noout -legacy -in leaf-rc2.pfx -passin "pass:$PFX_PASSWORD" 2>&1 \
    | grep -q 'pbeWithSHA1And40BitRC2-CBC' || { echo "leaf-rc2.pfx: certificates are not RC2-40" >&2; exit 1; }

# ---- What openssl says about them (name=value, one a line) ----
facts() { # facts PREFIX CERTFILE
    c=$2
    subj=$(openssl x509 -in "$c" -noout -subject -nameopt sep_comma_plus_space,sname | sed 's/^subject=//')
    iss=$(openssl x509 -in "$c" -noout -issuer -nameopt sep_comma_plus_space,sname | sed 's/^issuer=//')
    serial=$(openssl x509 -in "$c" -noout -serial | sed 's/^serial=//')
    nb=$(openssl x509 -in "$c" -noout -startdate -dateopt iso_8601 | sed 's/^notBefore=//; s/ /T/')
    na=$(openssl x509 -in "$c" -noout -enddate -dateopt iso_8601 | sed 's/^notAfter=//; s/ /T/')
    sha1=$(openssl x509 -in "$c" -noout -fingerprint -sha1 | sed 's/^.*=//')
    sha256=$(openssl x509 -in "$c" -noout -fingerprint -sha256 | sed 's/^.*=//')
    bits=$(openssl x509 -in "$c" -noout -text | sed -n 's/.*Public-Key: (\([0-9]*\) bit).*/\1/p')
    algo=$(openssl x509 -in "$c" -noout -text | sed -n 's/.*Public Key Algorithm: \(.*\)$/\1/p')
    printf '%s.subject=%s\n%s.issuer=%s\n%s.serial=%s\n%s.notBefore=%s\n%s.notAfter=%s\n%s.sha1=%s\n%s.sha256=%s\n%s.keyBits=%s\n%s.keyAlgorithm=%s\n' \
        "$1" "$subj" "$1" "$iss" "$1" "$serial" "$1" "$nb" "$1" "$na" "$1" "$sha1" "$1" "$sha256" "$1" "$bits" "$1" "$algo"
}
{
    echo "# Written by make-credentials.sh from openssl's own output; do not edit."
    echo "pfxPassword=$PFX_PASSWORD"
    echo "keyPassphrase=$KEY_PASSPHRASE"
    facts ca ca.pem
    facts leaf leaf.cert.pem
    facts expired expired.pem
    facts rsa1024 rsa1024.pem
    facts ec ec.pem
} > expected-facts.txt

echo "made: $(ls | grep -v make-credentials.sh | tr '\n' ' ')"
