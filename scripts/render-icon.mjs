// Renders media/icon.svg to the 128×128 media/icon.png the Marketplace wants (run by hand after editing the SVG).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, repoRoot } from './lib/harness.mjs';

const svg = readFileSync(path.join(repoRoot, 'media/icon.svg'), 'utf8');
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: path.join(repoRoot, 'media/icon.png'), omitBackground: true });
await browser.close();
console.log('media/icon.png written');
