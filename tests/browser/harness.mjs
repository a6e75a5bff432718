// What the browser scenarios (desk.mjs, editor.mjs) share: the environment
// run.sh gives them, the checks they count, the browser (Debian's chromium)
// and its signed-in contexts, and how a scenario ends.
//
// Environment: DESK (the server's URL), SEED (盛池镇's data file), OUT (the
// screenshot folder), CHROMIUM (the browser, /usr/bin/chromium when unset).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';

export const { DESK } = process.env;
export const OUT = process.env.OUT || 'target/browser';
export const RUBRIC = 'lezhi-2022-performance-management';
export const UNIT = '乐至县盛池镇人民政府';
mkdirSync(OUT, { recursive: true });

const failures = [];
// Prints one check's outcome; a failed one makes the scenario fail at its end.
export const check = (ok, what) => {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures.push(what);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// A browser context of its own (its own cookies), failing on any console error
// (a style refused by the page's policy too).
const open = async (width, height) => {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('console', (m) => {
    // The API answers 4xx by design (422 while the form is half filled, 404 for another unit's data).
    const expected = /Failed to load resource: the server responded with a status of 4\d\d/.test(m.text());
    if (m.type() === 'error' && !expected) check(false, 'console error: ' + m.text());
  });
  page.on('pageerror', (e) => check(false, 'page error: ' + e.message));
  return { context, page };
};

// A context of its own signed in by the personal link of `token`, on the desk.
export const signIn = async (token, width, height) => {
  const signed = await open(width, height);
  await signed.page.goto(`${DESK}/t/${token}`);
  await signed.page.waitForURL(`${DESK}/`);
  return signed;
};

// POSTs 盛池镇's data file (SEED, TOML) to the rubric's API route `route` as `token`.
export const postSeed = (route, token) => fetch(`${DESK}/api/v1/rubrics/${RUBRIC}/${route}`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/toml' },
  body: readFileSync(process.env.SEED, 'utf8'),
});

// Runs the scenario to its end (a throw is a failed check), closes the browser,
// and exits 1 when any check failed; else prints `passed` and exits 0.
export const run = async (scenario, passed) => {
  try {
    await scenario();
  } catch (e) {
    check(false, 'the scenario ran to its end: ' + e.message);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log(passed);
  // Nothing is left to wait for: an idle keep-alive socket of `fetch` must not hold the process open.
  process.exit(0);
};
