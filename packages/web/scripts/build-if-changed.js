// Builds the web app (`npm run build -w @veche/web`) unless its inputs are byte for byte those of
// the build already in dist/: its own sources, the sources of the packages it imports, the lock
// file and the compiler settings. A clean clone builds the app in `npm ci` (prepare) and would
// build it again in `npm test` (about a minute of CI) for nothing; any change to an input, a
// missing dist/index.html or a failed build means a full build. `npm run build` always builds.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const web = join(root, 'packages/web')
const stamp = join(root, 'node_modules/.cache/veche-web-build/inputs.sha256')

/** Every file under `path` (or `path` itself), skipping built output and installed packages. */
function files(path) {
  if (!existsSync(path)) return []
  const entries = readdirSync(path, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/[/\\](dist|node_modules)[/\\]/.test(relative(root, f)))
}

function inputsHash() {
  const inputs = [
    ...files(web).filter((f) => !f.startsWith(join(web, 'dist'))),
    ...['core', 'tally'].flatMap((p) => [
      ...files(join(root, 'packages', p, 'src')),
      join(root, 'packages', p, 'package.json'),
    ]),
    ...['package-lock.json', 'package.json', 'tsconfig.json', 'tsconfig.base.json'].map((f) =>
      join(root, f),
    ),
  ]
    .filter((f) => existsSync(f))
    .map((f) => relative(root, f).split('\\').join('/'))
    .sort()
  const hash = createHash('sha256')
  for (const file of inputs) {
    hash.update(`${file}\0`)
    hash.update(readFileSync(join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

const wanted = inputsHash()
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null
if (built === wanted && existsSync(join(web, 'dist/index.html'))) {
  console.log('web app: up to date (its inputs are those of the build in packages/web/dist)')
} else {
  const npm = process.env.npm_execpath
  const run =
    npm === undefined
      ? spawnSync('npm', ['run', 'build', '-w', '@veche/web'], { cwd: root, stdio: 'inherit' })
      : spawnSync(process.execPath, [npm, 'run', 'build', '-w', '@veche/web'], {
          cwd: root,
          stdio: 'inherit',
        })
  if (run.status !== 0) process.exit(run.status ?? 1)
  mkdirSync(dirname(stamp), { recursive: true })
  writeFileSync(stamp, `${wanted}\n`)
}
