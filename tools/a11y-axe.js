// Runs axe-core over every HTML file under the given folder at 1280 px and 320 px wide.
// Usage: node run-axe.js OUT_DIR [SCREENSHOT_DIR]
const fs = require('fs');
const path = require('path');
const os = require('os');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out.sort();
}

(async () => {
  const root = path.resolve(process.argv[2] || 'out');
  const shots = process.argv[3];
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const files = htmlFiles(root);
  const totals = {};
  let pagesWithViolations = 0;
  let overflowPages = 0;
  for (const file of files) {
    for (const width of [1280, 320]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      await page.goto('file://' + file, { waitUntil: 'load' });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      }));
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const rel = path.relative(root, file);
      if (overflow > 0) {
        overflowPages++;
        console.log(`OVERFLOW ${rel} @${width}px: page scrolls sideways by ${overflow}px`);
      }
      if (result.violations.length) pagesWithViolations++;
      for (const v of result.violations) {
        totals[v.id] = (totals[v.id] || 0) + v.nodes.length;
        console.log(`VIOLATION ${rel} @${width}px: ${v.id} (${v.impact}) x${v.nodes.length}: ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) {
          console.log(`    ${n.target.join(' ')} :: ${n.failureSummary.replace(/\n/g, ' ')}`);
        }
      }
      if (shots) {
        fs.mkdirSync(shots, { recursive: true });
        const name = rel.replace(/[\/]/g, '__').replace(/\.html$/, '') + `@${width}.png`;
        await page.screenshot({ path: path.join(shots, name), fullPage: true });
      }
      await page.close();
    }
  }
  await browser.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`axe-core ${require('axe-core/package.json').version}: ${files.length} pages x 2 widths, ` +
    `${total} violation nodes on ${pagesWithViolations} page-widths, ${overflowPages} page-widths scroll sideways`);
  for (const [rule, n] of Object.entries(totals).sort()) console.log(`  ${rule}: ${n}`);
  process.exit(total || overflowPages ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
