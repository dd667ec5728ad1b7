#!/usr/bin/env node
// The `veche` command. It runs the bundled CLI (../bundle/, made by `npm run build`: a few files
// whose compiled code V8 keeps between runs, so it starts in a fraction of the time) while that is
// newer than every package build it was made from (../bundle/sources.json), and otherwise the
// compiled modules (../dist/main.js), so that a `tsc -b` after a change runs the changed code.
// CommonJS (./package.json), because an ES module entry costs Node's module loader at every start.
'use strict'
const { readFileSync, statSync } = require('node:fs')
const { join } = require('node:path')

/** True when the bundle is newer than every build it was made from (its sources.json). */
function bundleIsCurrent() {
  const bundle = join(__dirname, '..', 'bundle')
  try {
    const made = statSync(join(bundle, 'start.cjs')).mtimeMs
    const sources = JSON.parse(readFileSync(join(bundle, 'sources.json'), 'utf8'))
    return sources.stamps.every((stamp) => statSync(join(bundle, stamp)).mtimeMs <= made)
  } catch {
    return false
  }
}

const argv = process.argv.slice(2)
if (bundleIsCurrent()) void require('../bundle/start.cjs').runBundled(argv)
else void import('../dist/main.js')
