#!/usr/bin/env node
// The `tlnb` command; all of it is in dist/cli.js (built by `npm run build`).
require('../dist/cli.js');
