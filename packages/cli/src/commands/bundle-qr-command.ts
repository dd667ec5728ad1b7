// `veche bundle qr` and `veche bundle unqr`: a bundle as a numbered series of QR code images
// (PNG, or SVG to print), and back from PNG images (screenshots or photos) in any order.
import { readdirSync, statSync } from 'node:fs'
import { makePrivateFolder, writePrivateFile } from '@veche/store'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from '../commander.js'
import { decodeBundle } from '../bundle-file.js'
import { CliError } from '../cli-error.js'
import { DEFAULT_QR_CHUNK, joinQrTexts, splitIntoQrTexts } from '../qr-series.js'
import type { ScannedCode } from '../qr-series.js'
import { withContext } from '../run-command.js'
import { readBytes } from './bundle-command.js'

export function bundleQrCommand(): Command {
  return new Command('qr')
    .description('split a bundle into a numbered series of QR codes (PNG, or SVG with --svg)')
    .argument('<file>', 'a bundle written by `veche bundle export`')
    .requiredOption('--out <dir>', 'the folder for the images (created if missing)')
    .option('--svg', 'write SVG instead of PNG')
    .option('--chunk <n>', 'bundle characters per code (200–2900)', parseChunk, DEFAULT_QR_CHUNK)
    .action(
      withContext(
        async (ctx, file: string, opts: { out: string; svg?: boolean; chunk: number }) => {
          const { default: QRCode } = await import('qrcode')
          const bytes = readBytes(file)
          const decoded = decodeBundle(bytes)
          if (!decoded.ok) throw new CliError(`${file}: ${decoded.message}`)
          makePrivateFolder(opts.out)
          const codes = splitIntoQrTexts(bytes, opts.chunk)
          const width = String(codes.length).length
          const files: string[] = []
          for (const code of codes) {
            const n = String(code.index).padStart(width, '0')
            const name = join(
              opts.out,
              `${code.series}-${n}-of-${code.count}.${opts.svg ? 'svg' : 'png'}`,
            )
            const options = { errorCorrectionLevel: 'M', margin: 4 } as const
            if (opts.svg === true) {
              writePrivateFile(name, await QRCode.toString(code.text, { ...options, type: 'svg' }))
            } else {
              writePrivateFile(
                name,
                await QRCode.toBuffer(code.text, { ...options, type: 'png', scale: 4 }),
              )
            }
            files.push(name)
          }
          ctx.print(
            { series: codes[0]!.series, count: codes.length, files },
            () => `wrote ${codes.length} QR code(s) of series ${codes[0]!.series} to ${opts.out}`,
          )
        },
      ),
    )
}

export function bundleUnqrCommand(): Command {
  return new Command('unqr')
    .description('read a bundle back from its QR code images (PNG files or folders, any order)')
    .argument('<paths...>', 'PNG files, or folders holding them')
    .requiredOption('--out <file>', 'the bundle file to write')
    .action(
      withContext(async (ctx, paths: string[], opts: { out: string }) => {
        const codes = await scanPngs(pngFiles(paths))
        const joined = joinQrTexts(codes)
        if (!joined.ok) throw new CliError(`${joined.message}; no bundle was written`)
        const decoded = decodeBundle(joined.bundle)
        if (!decoded.ok) throw new CliError(`the joined bundle: ${decoded.message}`)
        writePrivateFile(opts.out, joined.bundle)
        ctx.print(
          {
            file: opts.out,
            series: joined.series,
            codes: joined.count,
            events: decoded.header.events,
          },
          () =>
            `read ${joined.count} QR code(s) of series ${joined.series}: ${decoded.header.events} event(s) in ${opts.out}`,
        )
      }),
    )
}

function parseChunk(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 200 || n > 2900) {
    throw new InvalidArgumentError('must be a whole number from 200 to 2900')
  }
  return n
}

/** The PNG files named, folders expanded (sorted), in the order given. */
function pngFiles(paths: readonly string[]): string[] {
  const files: string[] = []
  for (const path of paths) {
    let isFolder: boolean
    try {
      isFolder = statSync(path).isDirectory()
    } catch {
      throw new CliError(`cannot read ${path}: no such file or folder`)
    }
    if (!isFolder) files.push(path)
    else {
      const inside = readdirSync(path).filter((name) => name.toLowerCase().endsWith('.png'))
      files.push(...inside.sort().map((name) => join(path, name)))
    }
  }
  if (files.length === 0) throw new CliError('no PNG images found in the paths given')
  return files
}

/** Reads the QR code in each PNG image; the image libraries load only for this command. */
async function scanPngs(files: readonly string[]): Promise<ScannedCode[]> {
  const { scanPng } = await import('../qr-scan.js')
  return files.map(scanPng)
}
