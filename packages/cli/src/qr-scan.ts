// Reading QR codes back from PNG images (`veche bundle unqr`). A module of its own so the image
// libraries load only when a bundle is read from images.
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import { readBytes } from './commands/bundle-command.js'
import { CliError } from './cli-error.js'
import type { ScannedCode } from './qr-series.js'

// jsqr is CommonJS with `exports.default`: Node gives the module object, whose `default` is the
// function (its types describe an ES module).
const jsQR = jsQRModule.default

/** The text of the one QR code in a PNG image, or a clear error naming the file. */
export function scanPng(file: string): ScannedCode {
  let image: PNG
  try {
    image = PNG.sync.read(readBytes(file))
  } catch (error) {
    throw new CliError(`${file}: not a readable PNG image (${(error as Error).message})`)
  }
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length)
  const code = jsQR(pixels, image.width, image.height)
  if (code === null) throw new CliError(`${file}: no QR code found in this image`)
  return { source: file, text: code.data }
}
