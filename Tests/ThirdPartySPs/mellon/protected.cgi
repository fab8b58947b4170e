#!/bin/sh
# The protected page: mod_auth_mellon sets MELLON_NAME_ID (and REMOTE_USER) once logged in.
printf 'Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n'
printf '<!doctype html><title>Protected</title><h1>Protected</h1><p>Logged in as %s</p>\n' "$REMOTE_USER"
