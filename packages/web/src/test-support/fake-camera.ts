// A fake camera for the browser tests: chromium plays a Y4M video file as its camera
// (--use-file-for-fake-video-capture), looping it. The frames are QR codes as the app drew them
// (grabbed from an <img> on a page), so a test scans exactly what a phone would show.
import { writeFileSync } from 'node:fs'
import type { Locator } from 'playwright-core'

/** The fake camera's picture: 640 × 480, the code centred in a 480-pixel square. */
const WIDTH = 640
const HEIGHT = 480
const SIDE = 480

/** Chromium flags for a camera that plays `file`, granted without asking. */
export function fakeCameraArgs(file: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ]
}

export interface GrabbedCode {
  /** SIDE × SIDE grey levels, row by row. */
  readonly grey: Uint8Array
  /** The same picture as a PNG file's bytes. */
  readonly png: Buffer
}

/** The QR code image `image` shows, drawn SIDE pixels square on white, sharp-edged. */
export async function grabCode(image: Locator): Promise<GrabbedCode> {
  const { grey, png } = await image.evaluate((element, side) => {
    const img = element as HTMLImageElement
    const canvas = document.createElement('canvas')
    canvas.width = side
    canvas.height = side
    const context = canvas.getContext('2d')!
    context.fillStyle = '#fff'
    context.fillRect(0, 0, side, side)
    context.imageSmoothingEnabled = false
    context.drawImage(img, 0, 0, side, side)
    const { data } = context.getImageData(0, 0, side, side)
    let text = ''
    for (let i = 0; i < data.length; i += 4)
      text += String.fromCharCode(Math.round((data[i]! + data[i + 1]! + data[i + 2]!) / 3))
    return { grey: btoa(text), png: canvas.toDataURL('image/png').split(',')[1]! }
  }, SIDE)
  return { grey: new Uint8Array(Buffer.from(grey, 'base64')), png: Buffer.from(png, 'base64') }
}

/** A blank (white) frame: a camera pointed at nothing readable. */
export function blankFrame(): Uint8Array {
  return new Uint8Array(SIDE * SIDE).fill(255)
}

/**
 * Writes `frames` (SIDE × SIDE grey) as a Y4M video, each shown for `repeat` frames at 10 per
 * second; chromium loops it.
 */
export function writeY4m(file: string, frames: readonly Uint8Array[], repeat = 4): void {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)
  const frameBytes = WIDTH * HEIGHT * 1.5
  const parts: Buffer[] = [header]
  const left = (WIDTH - SIDE) / 2
  for (const grey of frames) {
    const frame = Buffer.alloc(frameBytes, 128)
    frame.fill(255, 0, WIDTH * HEIGHT)
    for (let y = 0; y < SIDE; y++)
      frame.set(grey.subarray(y * SIDE, (y + 1) * SIDE), (y + (HEIGHT - SIDE) / 2) * WIDTH + left)
    for (let r = 0; r < repeat; r++) parts.push(Buffer.from('FRAME\n'), frame)
  }
  writeFileSync(file, Buffer.concat(parts))
}
