// The batch HTML page (`rubric batch … --out county.html`) in Chromium, at
// desktop and phone widths and in print: its charts — the totals (a bar per
// unit, or the distribution and the ten highest and lowest), the units per
// grade and the section means — are there, visible, with the bars the page's
// own tables say, and the screenshots of them are not blank.
//
// Usage: node batch.mjs DIR PAGE:UNITS_PER_BAR_CHART... — each PAGE is a file in
// DIR; UNITS_PER_BAR_CHART is how many named bars its totals charts have
// (every unit for a few units, 20 for the ten highest and lowest).
// Screenshots and PDFs go to DIR. Exits 1 with the failed checks.

import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';

const [dir, ...pages] = process.argv.slice(2);
if (!dir || pages.length === 0) {
  console.error('usage: node batch.mjs DIR PAGE:BARS...');
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  return ok;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

// How much of a PNG is ink (not white): drawn on a canvas in a blank page.
async function inkShare(png) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let ink = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) ink++;
      }
      return ink / (pixels.length / 4);
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

// What the page's charts and tables hold, as the browser lays them out.
function measure(variant) {
  const box = (e) => e.getBoundingClientRect();
  const shown = (e) => {
    const r = box(e);
    return getComputedStyle(e).display !== 'none' && r.width > 0 && r.height > 0;
  };
  const charts = document.querySelector('section#charts');
  const ranking = document.querySelector('section#ranking');
  const visible = (selector) => [...document.querySelectorAll(selector)].filter(shown);
  // The elements of `selector` inside the shown charts of `chart` (a bar of 0 has no size of its own).
  const inside = (chart, selector) => visible(chart).flatMap((svg) => [...svg.querySelectorAll(selector)]);
  const hidden = (selector) => [...document.querySelectorAll(selector)].filter((e) => !shown(e));
  const other = variant === 'wide' ? 'narrow' : 'wide';
  const totals = visible(`svg.chart.totals.${variant}`);
  const bins = inside(`svg.chart.distribution.${variant}`, 'rect.bar.bin');
  const grades = inside('svg.chart.grades', 'rect.bar.grade');
  const rankingRows = [...document.querySelectorAll('table.ranking tbody tr')];
  const labels = visible(`svg.chart.totals.${variant} text.label`);
  return {
    width: document.documentElement.clientWidth,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    chartsFirst: !!charts && !!ranking && !!(charts.compareDocumentPosition(ranking) & Node.DOCUMENT_POSITION_FOLLOWING),
    chartsShown: !!charts && shown(charts),
    totalsSvgs: totals.length,
    otherTotalsShown: visible(`svg.chart.totals.${other}`).length,
    otherTotalsHidden: hidden(`svg.chart.totals.${other}`).length,
    totalBars: totals.flatMap((svg) => [...svg.querySelectorAll('rect.bar.total')]).length,
    totalBarsDrawn: totals.flatMap((svg) => [...svg.querySelectorAll('rect.bar.total')]).filter((b) => box(b).width > 0).length,
    labelHeight: Math.min(...labels.map((t) => box(t).height)),
    distributions: visible(`svg.chart.distribution.${variant}`).length,
    bins: bins.length,
    binCounts: bins.map((b) => Number(b.getAttribute('data-count'))),
    binsDrawn: bins.filter((b) => Number(b.getAttribute('data-count')) === 0 || box(b).height > 0).length,
    edges: inside(`svg.chart.distribution.${variant}`, 'line.edge').filter((l) => box(l).height > 0).length,
    gradeBars: grades.map((b) => Number(b.getAttribute('data-count'))),
    gradeRows: [...document.querySelectorAll('table.grades tbody tr td.count')].map((td) => Number(td.textContent)),
    sectionMeans: inside(`svg.chart.sections.${variant}`, 'rect.bar.section.mean').filter(shown).length,
    topSections: document.querySelectorAll('section#sections tr.section.depth-0').length,
    units: rankingRows.length,
    ranked: rankingRows.filter((tr) => /^\d+$/.test(tr.querySelector('td')?.textContent.trim() ?? '')).length,
    chartsRight: Math.max(...visible('section#charts svg.chart').map((svg) => box(svg).right)),
  };
}

for (const spec of pages) {
  const [file, bars] = spec.split(':');
  const expectedBars = Number(bars);
  const url = `file://${path.resolve(dir, file)}`;
  const name = file.replace(/\.html$/, '');
  for (const [width, variant, suffix] of [
    [1280, 'wide', ''],
    [400, 'narrow', '-phone'],
  ]) {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    const messages = [];
    page.on('console', (m) => messages.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) messages.push(`request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    const m = await page.evaluate(measure, variant);
    const at = `${file} at ${width} px`;
    check(messages.length === 0, `${at}: ${messages.join('; ')}`);
    check(m.chartsFirst && m.chartsShown, `${at}: the charts section is not shown before the ranking`);
    check(m.overflow <= 0, `${at}: the page is ${m.overflow} px wider than the window`);
    check(m.chartsRight <= m.width, `${at}: a chart reaches ${m.chartsRight} px, past the window (${m.width} px)`);
    check(m.totalsSvgs > 0 && m.otherTotalsShown === 0 && m.otherTotalsHidden === m.totalsSvgs,
      `${at}: ${m.totalsSvgs} ${variant} totals charts shown, ${m.otherTotalsShown} of the other variant shown`);
    check(m.totalBars === expectedBars && m.totalBarsDrawn === expectedBars,
      `${at}: ${m.totalBars} bars (${m.totalBarsDrawn} drawn) in the totals charts, not ${expectedBars}`);
    check(m.labelHeight >= 10, `${at}: the totals chart's labels are ${m.labelHeight} px high`);
    const distribution = expectedBars < m.units;
    if (distribution) {
      const sum = m.binCounts.reduce((a, b) => a + b, 0);
      check(m.distributions === 1, `${at}: ${m.distributions} distributions shown`);
      check(m.bins >= 5 && m.bins <= 20 && m.binsDrawn === m.bins, `${at}: ${m.bins} bins (${m.binsDrawn} drawn)`);
      check(sum === m.ranked, `${at}: the bins count ${sum} units, the ranking ranks ${m.ranked}`);
      check(m.edges >= 1, `${at}: no grade edge on the distribution`);
    } else {
      check(m.distributions === 0 && m.totalBars === m.units, `${at}: not a bar for each of the ${m.units} units`);
    }
    check(JSON.stringify(m.gradeBars) === JSON.stringify(m.gradeRows),
      `${at}: grade bars ${JSON.stringify(m.gradeBars)}, grade table ${JSON.stringify(m.gradeRows)}`);
    check(m.gradeBars.reduce((a, b) => a + b, 0) === m.units, `${at}: the grade bars do not count every unit`);
    check(m.sectionMeans === m.topSections && m.topSections > 0,
      `${at}: ${m.sectionMeans} section means, ${m.topSections} top-level sections`);
    // Screenshots: the top of the page, and the charts section whole.
    const shots = [[`${name}${suffix}.png`, await page.screenshot({ path: path.join(dir, `${name}${suffix}.png`) })]];
    if (m.chartsShown) {
      const file = `${name}${suffix}-charts.png`;
      shots.push([file, await page.locator('section#charts').screenshot({ path: path.join(dir, file) })]);
    }
    for (const [shot, png] of shots) {
      const ink = await inkShare(png);
      check(ink > 0.03, `${dir}/${shot} is blank (${(ink * 100).toFixed(2)}% ink)`);
    }
    if (width === 1280) {
      await page.emulateMedia({ media: 'print' });
      const print = await page.evaluate(measure, 'wide');
      check(print.totalsSvgs > 0 && print.otherTotalsShown === 0, `${file} in print: not the wide charts alone`);
      const pdf = await page.pdf({ path: path.join(dir, `${name}.pdf`), format: 'A4' });
      check(pdf.subarray(0, 4).toString() === '%PDF', `${file}: the PDF is not a PDF`);
    }
    console.log(`${at}: ${m.totalBars} named bars, ${distribution ? `${m.bins} bins of ${m.ranked} ranked units, ` : ''}` +
      `grades ${JSON.stringify(m.gradeBars)}, ${m.sectionMeans} section means`);
    await page.close();
  }
}

await browser.close();
if (failures.length > 0) {
  for (const f of failures) console.error(`html_browser (batch): ${f}`);
  process.exit(1);
}
console.log(`html_browser (batch): ok — ${fs.readdirSync(dir).filter((f) => f.startsWith('batch') && f.endsWith('.png')).length} screenshots in ${dir}`);
