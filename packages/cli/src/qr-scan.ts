// Reading QR codes back from PNG images (`veche bundle unqr`). A module of its own so the image
// libraries load only when a bundle is read from images. Images come from strangers: the file's
// size and the pixels its header declares are checked before anything is decoded, so a small
// file claiming a huge image (a 140 KB PNG of 12,000 × 12,000 pixels once took 1 GB) is refused
// at once.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import { CliError } from './cli-error.js'
import type { ScannedCode } from './qr-series.js'

// jsqr is CommonJS with `exports.default`: Node gives the module object, whose `default` is the
// function (its types describe an ES module).
const jsQR = jsQRModule.default

/** Largest PNG file read: a photographed code is a few MB at most. */
export const MAX_QR_IMAGE_BYTES = 32 * 1024 * 1024
/** Largest side of an image, in pixels (a phone camera's photo fits). */
export const MAX_QR_IMAGE_SIDE = 8192
/** Most pixels in an image: 24 million, about 100 MB once decoded. */
export const MAX_QR_IMAGE_PIXELS = 24_000_000

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Reads the file, refusing it when it is too large or declares too many pixels. */
function readBoundedPng(file: string): Buffer {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    const size = fstatSync(fd).size
    if (size > MAX_QR_IMAGE_BYTES) {
      throw new CliError(
        `${file}: ${size} bytes is larger than a QR code image can be (at most ${MAX_QR_IMAGE_BYTES}); nothing was written`,
      )
    }
    const bytes = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read)
      if (n === 0) break
      read += n
    }
    const data = bytes.subarray(0, read)
    // The IHDR chunk comes first: signature (8), length (4), "IHDR" (4), width (4), height (4).
    if (data.length >= 24 && data.subarray(0, 8).equals(PNG_SIGNATURE)) {
      const width = data.readUInt32BE(16)
      const height = data.readUInt32BE(20)
      if (
        width > MAX_QR_IMAGE_SIDE ||
        height > MAX_QR_IMAGE_SIDE ||
        width * height > MAX_QR_IMAGE_PIXELS
      ) {
        throw new CliError(
          `${file}: an image of ${width} × ${height} pixels is larger than a QR code image can be ` +
            `(at most ${MAX_QR_IMAGE_SIDE} pixels a side and ${MAX_QR_IMAGE_PIXELS} in all); nothing was written`,
        )
      }
    }
    return data
  } finally {
    closeSync(fd)
  }
}

/** The text of the one QR code in a PNG image, or a clear error naming the file. */
export function scanPng(file: string): ScannedCode {
  const bytes = readBoundedPng(file)
  let image: PNG
  try {
    image = PNG.sync.read(bytes)
  } catch (error) {
    throw new CliError(`${file}: not a readable PNG image (${(error as Error).message})`)
  }
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length)
  const code = jsQR(pixels, image.width, image.height)
  if (code === null) throw new CliError(`${file}: no QR code found in this image`)
  return { source: file, text: code.data }
}
