// Bundles the compiled CLI (packages/cli/dist/bundle-main.js and everything it loads) into a few
// CommonJS files in packages/cli/bundle/, which packages/cli/bin/veche.js runs. Run by `npm run
// build`, `npm test` and `npm ci` (root package.json), after `tsc -b`.
//
// What goes in: the workspace packages' code and the dependencies published only as ES modules
// (CommonJS cannot `require` those on Node 20), plus commander, which every command loads. What
// stays out, loaded from node_modules as before: native and CommonJS packages (better-sqlite3
// reads its addon, pdfkit its fonts, beside their own files) and @veche/server (see
// packages/cli/src/bundle-main.ts). CommonJS, not ES modules, because only scripts can use V8's
// code cache on Node 20 (packages/cli/src/code-cache.ts). The bundle sits at packages/cli/bundle/,
// as deep as packages/*/dist/, so paths that compiled modules take relative to their own file stay
// right. sources.json names the build stamps of the packages it was made from (the bin runs the
// bundle only while it is newer than all of them) and the commands whose code reaches
// @veche/server (the bin runs those from the compiled modules).
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CLI = join(ROOT, 'packages', 'cli')
const OUT = join(CLI, 'bundle')
const ENTRY = join(CLI, 'dist', 'bundle-main.js')
/** The stand-in for @veche/server inside the bundle: the commands that load it run unbundled. */
const SERVER_STAND_IN = '\0veche-server-stand-in'
/** CommonJS packages bundled all the same: pure JavaScript that every command loads. */
const BUNDLED_COMMONJS: ReadonlySet<string> = new Set(['commander'])
const BUILTINS: ReadonlySet<string> = new Set(builtinModules)

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/** The package.json of `name` as Node would find it from `folder`, or null. */
function packageJsonFrom(folder: string, name: string): Record<string, unknown> | null {
  for (let dir = folder; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json')
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    if (dirname(dir) === dir) return null
  }
}

/** True when `name` can only be imported, not required (an ES-module package with no CommonJS). */
function isEsmOnly(pkg: Record<string, unknown>): boolean {
  return pkg.type === 'module' && !JSON.stringify(pkg.exports ?? {}).includes('"require"')
}

/** Each command of the catalogue and the module that defines it (command-catalogue.ts's form). */
function catalogueModules(): Map<string, string> {
  const source = readFileSync(join(CLI, 'dist', 'command-catalogue.js'), 'utf8')
  const entries = [...source.matchAll(/term: '([\w-]+)[^']*',[\s\S]*?import\('(\.\/[^']+)'\)/g)]
  if (entries.length < 10) throw new Error('bundle-cli: cannot read the command catalogue')
  return new Map(
    entries.map(([, name, file]) => [name as string, join(CLI, 'dist', file as string)]),
  )
}

/** The commands whose modules reach @veche/server, filled when the build ends. */
const unbundled: string[] = []

const bundle = await rolldown({
  input: { start: ENTRY },
  platform: 'node',
  plugins: [
    {
      name: 'veche-externals',
      resolveId(source, importer) {
        if (source === '@veche/server') return SERVER_STAND_IN
        if (source.startsWith('node:') || BUILTINS.has(source))
          return { id: source, external: true }
        if (source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return null
        const name = packageOf(source)
        if (name.startsWith('@veche/') || BUNDLED_COMMONJS.has(name)) return null
        const pkg = packageJsonFrom(importer === undefined ? CLI : dirname(importer), name)
        if (pkg === null) throw new Error(`bundle-cli: cannot find ${name} from ${importer}`)
        return isEsmOnly(pkg) ? null : { id: source, external: true }
      },
      load(id) {
        if (id !== SERVER_STAND_IN) return null
        return `throw new Error('@veche/server is not in the bundled CLI: this command reaches it by a path scripts/bundle-cli.ts did not see in the module graph')`
      },
      buildEnd() {
        for (const [name, file] of catalogueModules()) {
          const seen = new Set<string>()
          const next = [file]
          for (let id = next.pop(); id !== undefined; id = next.pop()) {
            if (seen.has(id)) continue
            seen.add(id)
            const info = this.getModuleInfo(id)
            if (info !== null) next.push(...info.importedIds, ...info.dynamicallyImportedIds)
          }
          if (seen.has(SERVER_STAND_IN)) unbundled.push(name)
        }
      },
      transform(code, id) {
        // commander.ts takes commander through `require` to spare the unbundled CLI Node's
        // CommonJS export scanner; in the bundle it is bundled like the rest.
        if (id !== join(CLI, 'dist', 'commander.js')) return null
        return `export { Command, CommanderError, InvalidArgumentError, Option } from 'commander'\n`
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
  const code = chunk.code.split('\n').filter((line) => !/^\s*(\*|\/\/)/.test(line))
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
writeFileSync(join(OUT, 'sources.json'), `${JSON.stringify({ stamps, unbundled }, null, 2)}\n`)
// The entry is written last in time: the bin compares its age with the stamps.
const now = new Date()
utimesSync(join(OUT, 'start.cjs'), now, now)
const bytes = output.reduce((sum, o) => sum + (o.type === 'chunk' ? o.code.length : 0), 0)
console.log(
  `bundle-cli: ${output.length} files, ${(bytes / 1e6).toFixed(2)} MB in ${relative(ROOT, OUT)}`,
)
