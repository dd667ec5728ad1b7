// `veche bundle qr` and `veche bundle unqr`: a bundle as a numbered series of QR codes.
import { Command } from 'commander'

export function bundleQrCommand(): Command {
  return new Command('qr').description('split a bundle into a numbered series of QR codes')
}

export function bundleUnqrCommand(): Command {
  return new Command('unqr').description('read a bundle back from its QR codes')
}
