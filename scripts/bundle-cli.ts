// Bundles the compiled CLI (packages/cli/dist/bundle-main.js and everything it loads, the hub's
// package and its dependencies included) into a few CommonJS files in packages/cli/bundle/, which
// packages/cli/bin/veche.js runs. Run by `npm run build`, `npm test` and `npm ci` (root
// package.json), after `tsc -b`.
//
// What goes in: the workspace packages' code and every package they load, ES modules and CommonJS
// alike: `veche serve` loaded ~900 CommonJS files one by one before it listened. What stays out,
// loaded from node_modules as before: the packages of KEPT_OUT (a native addon, files read beside
// their own code, a package loaded by its path). A bundled package that reads files relative to its
// own module (`__dirname`, `__filename`) gets them rewritten to that module's folder in the
// checkout, so its files are found as before. CommonJS, not ES modules, because only scripts can use
// V8's code cache on Node 20 (packages/cli/src/code-cache.ts). The bundle sits at
// packages/cli/bundle/, as deep as packages/*/dist/, so paths that compiled modules take relative to
// their own file stay right (the hub finds the web app at ../../web/dist/). sources.json names the
// build stamps of the packages it was made from: the bin runs the bundle only while it is newer
// than all of them.
import { existsSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { basename, dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CLI = join(ROOT, 'packages', 'cli')
const OUT = join(CLI, 'bundle')
const ENTRY = join(CLI, 'dist', 'bundle-main.js')
/**
 * Packages left out of the bundle, each with its reason; the bundle `require`s them, so each must
 * resolve from packages/cli/bundle/ to the same folder as from the module that loads it (checked).
 */
const KEPT_OUT: ReadonlyMap<string, string> = new Map([
  ['better-sqlite3-multiple-ciphers', 'a native addon, found beside its own files'],
  ['pdfkit', 'reads its fonts beside its own files'],
  ['libsodium-wrappers-sumo', "the signature verifier's workers load it by its path"],
])
/** Optional packages that are not installed: a `require` of them fails at run time, as unbundled. */
const ABSENT_OPTIONAL: ReadonlySet<string> = new Set([
  'pg-native', // pg's native client, loaded only through `pg.native`
])
const BUILTINS: ReadonlySet<string> = new Set(builtinModules)
/** `__dirname` or `__filename` as a name of their own, not a property or part of a longer name. */
const OWN_PATH = /(?<![\w$.])__(dirname|filename)(?![\w$])/g

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/** The folder of package `name` as Node would find it from `folder`, or null. */
function packageFolderFrom(folder: string, name: string): string | null {
  for (let dir = folder; ; dir = dirname(dir)) {
    const found = join(dir, 'node_modules', name)
    if (existsSync(join(found, 'package.json'))) return realpathSync(found)
    if (dirname(dir) === dir) return null
  }
}

const bundle = await rolldown({
  input: { start: ENTRY },
  platform: 'node',
  plugins: [
    {
      name: 'veche-externals',
      resolveId(source, importer) {
        if (source.startsWith('node:') || BUILTINS.has(source))
          return { id: source, external: true }
        if (source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return null
        const name = packageOf(source)
        if (ABSENT_OPTIONAL.has(name)) return { id: source, external: true }
        if (!KEPT_OUT.has(name)) return null
        const from = importer === undefined ? CLI : dirname(importer)
        const folder = packageFolderFrom(from, name)
        if (folder === null) throw new Error(`bundle-cli: cannot find ${name} from ${importer}`)
        if (packageFolderFrom(OUT, name) !== folder)
          throw new Error(`bundle-cli: ${name} from ${importer} is not the one the bundle finds`)
        return { id: source, external: true }
      },
      transform(code, id) {
        // commander.ts takes commander through `require` to spare the unbundled CLI Node's
        // CommonJS export scanner; in the bundle it is bundled like the rest (and the module keeps
        // its own Command, which takes an id starting with '-' for an argument).
        if (id === join(CLI, 'dist', 'commander.js')) {
          const required = "createRequire(import.meta.url)('commander')"
          if (!code.includes(required))
            throw new Error(`bundle-cli: ${id} no longer has ${required}`)
          return `import * as bundledCommander from 'commander'\n${code.replace(required, 'bundledCommander')}`
        }
        // A package's own paths stay those of its files in node_modules, not the bundle's.
        if (!id.includes(`${sep}node_modules${sep}`)) return null
        const folder = relative(OUT, dirname(id))
        const rewritten = code.replace(OWN_PATH, (_, which: string) =>
          which === 'dirname'
            ? `require('node:path').join(__dirname, ${JSON.stringify(folder)})`
            : `require('node:path').join(__dirname, ${JSON.stringify(join(folder, basename(id)))})`,
        )
        return rewritten === code ? null : rewritten
      },
    },
  ],
})
rmSync(OUT, { recursive: true, force: true })
const { output } = await bundle.write({
  dir: OUT,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
  // `require`, not `import()`, for the packages left out: a chunk compiled from V8's code cache
  // has no module loader behind its `import()` on Node 20.
  dynamicImportInCjs: false,
})
await bundle.close()

for (const chunk of output) {
  if (chunk.type !== 'chunk' || chunk.isEntry) continue
  // Comment lines, and methods named `import` (`import(data) {`), are not calls of import().
  const code = chunk.code
    .split('\n')
    .filter(
      (line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && !/^\s*import\s*\([\w, ]*\)\s*\{/.test(line),
    )
  if (code.some((line) => /(^|[^\w.$])import\s*\(/.test(line))) {
    throw new Error(
      `bundle-cli: ${chunk.fileName} keeps an import(), which the code cache cannot run`,
    )
  }
}

// The build stamps (tsc's build info) of the workspace packages the bundle holds code of.
const packages = new Set<string>()
for (const chunk of output) {
  if (chunk.type !== 'chunk') continue
  for (const id of chunk.moduleIds) {
    const path = relative(ROOT, id).split(sep)
    if (path[0] === 'packages' && path[2] === 'dist' && path[1] !== undefined) packages.add(path[1])
  }
}
const stamps = [...packages].sort().map((name) => `../../${name}/dist/.tsbuildinfo`)
for (const stamp of stamps) statSync(join(OUT, stamp))
writeFileSync(join(OUT, 'sources.json'), `${JSON.stringify({ stamps }, null, 2)}\n`)
// The entry is written last in time: the bin compares its age with the stamps.
const now = new Date()
utimesSync(join(OUT, 'start.cjs'), now, now)
const bytes = output.reduce((sum, o) => sum + (o.type === 'chunk' ? o.code.length : 0), 0)
console.log(
  `bundle-cli: ${output.length} files, ${(bytes / 1e6).toFixed(2)} MB in ${relative(ROOT, OUT)}`,
)
