/**
 * Draws the app icons with pngjs (run: `npx tsx manifest/icons.ts`; the PNGs are committed):
 *   color.png   192×192, full-bleed brand colour, a white round table with six seats around it
 *   outline.png  32×32, the same shape in white on a transparent background (Teams' rule)
 * Shapes are anti-aliased by 4×4 supersampling.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** The app's accent colour (also `accentColor` in the manifest). */
export const ACCENT = '#4F52B2';

type Shape = (x: number, y: number) => boolean;

function glyph(size: number): Shape {
  const c = size / 2;
  const s = size / 192;
  const ring = (x: number, y: number) => {
    const d = Math.hypot(x - c, y - c);
    return d <= 44 * s && d >= 30 * s;
  };
  const seats = Array.from({ length: 6 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 3;
    return [c + Math.cos(a) * 70 * s, c + Math.sin(a) * 70 * s] as const;
  });
  const seat = (x: number, y: number) => seats.some(([sx, sy]) => Math.hypot(x - sx, y - sy) <= 14 * s);
  // A small heart in the middle: one child at the centre of the table.
  const heart = (x: number, y: number) => {
    const u = (x - c) / (13 * s);
    const v = -(y - c - 2 * s) / (13 * s);
    const q = u * u + v * v - 1;
    return q * q * q - u * u * v * v * v <= 0;
  };
  return (x, y) => ring(x, y) || seat(x, y) || heart(x, y);
}

function coverage(shape: Shape, px: number, py: number): number {
  let hit = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (shape(px + (i + 0.5) / 4, py + (j + 0.5) / 4)) hit++;
  return hit / 16;
}

function hex(c: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

/** 192×192 colour icon: brand background, white glyph. */
export function colorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  const [r, g, b] = hex(ACCENT);
  const shape = glyph(size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const a = coverage(shape, x, y);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(r + (255 - r) * a);
      png.data[i + 1] = Math.round(g + (255 - g) * a);
      png.data[i + 2] = Math.round(b + (255 - b) * a);
      png.data[i + 3] = 255;
    }
  return png;
}

/** 32×32 outline icon: white only, transparent everywhere else. */
export function outlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  const shape = glyph(size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(shape, x, y));
    }
  return png;
}

if (require.main === module) {
  writeFileSync(join(__dirname, 'color.png'), PNG.sync.write(colorIcon()));
  writeFileSync(join(__dirname, 'outline.png'), PNG.sync.write(outlineIcon()));
  console.log('wrote manifest/color.png and manifest/outline.png');
}
