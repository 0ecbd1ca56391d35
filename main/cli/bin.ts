#!/usr/bin/env node
import { main } from './wasp-phones.js';

// The `wasp-phones` executable: exit with the code main() settles on (a public contract).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
