import QRCode from 'qrcode';

/** The console's public verification page of a license: what its QR code (扫码亮证) opens. */
export function verificationUrl(origin: string, identifier: string): string {
  return `${origin.replace(/\/+$/, '')}/verify/${encodeURIComponent(identifier)}`;
}

/** An SVG QR code of `text`, error correction M (a phone camera reads it off a screen or a print). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
