// The rubric page in a real browser (run by tests/browser/run.sh after
// desk.mjs, on the same server, which serves a copy of rubrics/): 盛池镇 has
// submitted; the bureau opens the rubric page from its desk, lowers item 2's
// weight, sees the rubric::weights diagnostic at its place, reads a hover,
// fixes the weights by raising item 1's, saves the draft, runs Impact and sees
// 盛池镇 move from 94 to 93 through item 2; then publishes the draft as next
// year's rubric. A unit cannot open the page. Screenshots in target/browser/.
//
// Environment: DESK, UNIT_TOKEN (盛池镇), BUREAU_TOKEN, SEED (盛池镇's data), OUT.
import { check, DESK, OUT, postSeed, RUBRIC, run, signIn, UNIT } from './harness.mjs';

const { UNIT_TOKEN, BUREAU_TOKEN } = process.env;

// Finds `text` in the editor with its search (Ctrl+F), which selects it and scrolls it into view.
const find = async (page, text) => {
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Control+f');
  const field = page.locator('.cm-search input[name="search"]');
  await field.fill(text);
  await field.press('End'); // a key's release commits the query
  await field.press('Enter');
  await field.press('Escape');
  await page.locator('.cm-line', { hasText: text }).first().waitFor();
};

// Moves the pointer onto `word` in the editor's line holding `line` (the word's own box, not its line's).
const hoverWord = async (page, line, word) => {
  const box = await page.evaluate(([line, word]) => {
    const found = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent.includes(line));
    const walker = document.createTreeWalker(found, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  }, [line, word]);
  await page.mouse.move(box.x, box.y);
};

// Replaces the last character of the editor's line holding `text` by `by`, typing.
const retype = async (page, text, by) => {
  await find(page, text);
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(by, { delay: 30 });
};

await run(async () => {
  // 盛池镇 submits first (as a township does; desk.mjs may have submitted already: then this is its next version).
  const submitted = await postSeed('submissions', UNIT_TOKEN);
  check(submitted.status === 201, `盛池镇 submitted (${submitted.status})`);

  // ---- the bureau: from the desk to the rubric page.
  const { page } = await signIn(BUREAU_TOKEN, 1366, 900);
  await page.goto(`${DESK}/r/${RUBRIC}`);
  await page.locator('body.ready').waitFor();
  await page.locator('#edit-rubric').click();
  await page.waitForURL(`${DESK}/r/${RUBRIC}/edit`);
  await page.locator('body.ready').waitFor();
  await page.locator('.cm-content').waitFor();
  await page.locator('#check-status', { hasText: '个提示' }).waitFor({ timeout: 15000 });
  check((await page.locator('.cm-lintRange-error').count()) === 0, 'the served rubric has no error marker');
  const keywordColour = await page.locator('.cm-line', { hasText: 'rubric "乐至县' }).locator('span').first()
    .evaluate((e) => getComputedStyle(e).color);
  check(keywordColour === 'rgb(11, 92, 173)', `keywords are coloured (${keywordColour})`);
  await page.screenshot({ path: `${OUT}/editor-open.png` });

  // A hover: the language server's text about the input under the pointer.
  await find(page, 'score 2 if 主要领导任组长');
  await hoverWord(page, 'score 2 if 主要领导任组长', '主要领导任组长');
  const hover = page.locator('#hover');
  await hover.waitFor({ timeout: 10000 });
  check((await hover.textContent()).includes('输入项'), 'hovering an input shows what it is: ' + (await hover.textContent()).slice(0, 40));
  await page.screenshot({ path: `${OUT}/editor-hover.png` });
  await page.mouse.move(5, 5);

  // Lower item 2's weight from 2 to 1: the section no longer adds up.
  await retype(page, 'item 2 "领导小组" 2', '1');
  const weights = page.locator('#problem-list li[data-code="rubric::weights"]');
  await weights.waitFor({ timeout: 15000 });
  check((await weights.textContent()).includes('一.1'), 'the weights diagnostic names section 一.1: ' + (await weights.textContent()));
  await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 10000 });
  check((await page.locator('.cm-lint-marker-error').count()) >= 1, 'an error marker in the gutter');
  await page.locator('.cm-lintRange-error').first().hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor({ timeout: 10000 });
  check((await tooltip.textContent()).includes('rubric::weights'), 'the marker\'s tooltip gives the code: ' + (await tooltip.textContent()).slice(0, 80));
  check((await page.locator('#check-status').textContent()).includes('1 个错误'), 'the status counts one error');
  await page.screenshot({ path: `${OUT}/editor-weights.png` });
  await page.mouse.move(5, 5);

  // Going to the problem from the list selects its place in the text.
  await weights.getByRole('button').click();
  const selected = await page.evaluate(() => window.getSelection().toString());
  check(selected === '5', `the problem's place is selected (${JSON.stringify(selected)})`);

  // Fix it: item 1 takes the point.
  await retype(page, 'item 1 "专题研究" 3', '4');
  await weights.waitFor({ state: 'detached', timeout: 15000 });
  await page.locator('#check-status', { hasText: /^\d+ 个错误/ }).waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  check((await page.locator('.cm-lintRange-error').count()) === 0, 'no error marker once the weights add up');
  check((await page.locator('#check-status').textContent()).startsWith('0 个错误'), 'the status counts no error: ' + (await page.locator('#check-status').textContent()));
  check((await page.locator('#dirty').textContent()).includes('未保存'), 'the page says the text is not saved');

  // Save the draft: version 1, listed.
  await page.locator('#save').click();
  await page.locator('#message', { hasText: '已保存为草稿第 1 版' }).waitFor({ timeout: 10000 });
  check((await page.locator('#versions li[data-version="1"]').textContent()).includes('财政局'), 'draft 1 is listed with its author');
  check((await page.locator('#dirty').textContent()) === '', 'saved: nothing unsaved');

  // Impact on the stored units: 盛池镇 94 → 93 through item 2.
  await page.locator('#impact').click();
  const row = page.locator(`#impact-table tr[data-unit="${UNIT}"]`);
  await row.waitFor({ timeout: 20000 });
  const impact = await row.textContent();
  check(impact.includes('94 → 93') && impact.includes('-1') && impact.includes('领导小组'), '盛池镇 moves from 94 to 93 through item 2: ' + impact);
  check((await page.locator('#impact-summary').textContent()).includes('1 个总分变化'), 'the summary counts one total changed');
  check((await page.locator('#changes li[data-kind="item_reweighted"]').count()) === 2, 'the two weights are listed as changes');
  await page.locator('#impact-result').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/editor-impact.png` });
  await page.screenshot({ path: `${OUT}/editor-full.png`, fullPage: true });

  // Publishing needs next year's year: refused at the year, then published once it says 2023.
  await page.locator('#publish-open').click();
  check(await page.evaluate(() => document.activeElement.id === 'publish-id'), 'the publish panel takes the focus');
  await page.locator('#publish').click();
  const refused = page.locator('#publish-result li[data-code="rubric::header"]');
  await refused.waitFor({ timeout: 10000 });
  check((await refused.textContent()).includes('2022'), 'a draft still of 2022 is refused at its year: ' + (await refused.textContent()));
  await find(page, 'rubric "乐至县');
  const header = await page.locator('.cm-line', { hasText: 'rubric "乐至县' }).textContent();
  await page.keyboard.press('Home');
  const at = header.indexOf('2022') + 4;
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  check((await page.locator('.cm-line', { hasText: 'rubric "乐至县' }).textContent()).includes('year 2023'), 'the year now says 2023');
  await page.locator('#publish').click();
  const done = page.locator('#publish-result', { hasText: 'lezhi-2023-performance-management' });
  await done.waitFor({ timeout: 20000 });
  check(true, 'published as lezhi-2023-performance-management');
  await page.screenshot({ path: `${OUT}/editor-published.png` });
  await page.locator('#published-link').click();
  await page.locator('body.ready').waitFor();
  check((await page.locator('h1').textContent()).includes('2023'), 'the new rubric\'s desk opens: ' + (await page.locator('h1').textContent()));

  // English.
  await page.goto(`${DESK}/r/${RUBRIC}/edit`);
  await page.locator('body.ready').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('body.ready').waitFor();
  check((await page.locator('#save').textContent()) === 'Save draft', 'the English switch');
  await page.locator('#check-status', { hasText: /warning|problems/ }).waitFor({ timeout: 15000 });
  await page.screenshot({ path: `${OUT}/editor-english.png` });
  await page.getByRole('button', { name: '中文' }).click();

  // Phone width: no sideways scrolling; the editor and its panels stacked.
  const phone = await signIn(BUREAU_TOKEN, 390, 844);
  await phone.page.goto(`${DESK}/r/${RUBRIC}/edit`);
  await phone.page.locator('body.ready').waitFor();
  await phone.page.locator('#check-status', { hasText: /个/ }).waitFor({ timeout: 15000 });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no sideways scrolling at phone width (${overflow}px)`);
  await phone.page.screenshot({ path: `${OUT}/editor-phone.png` });

  // Keyboard: Tab leaves the editor (it does not trap the focus) and reaches the buttons.
  await phone.page.locator('.cm-content').focus();
  await phone.page.keyboard.press('Tab');
  const after = await phone.page.evaluate(() => document.activeElement.closest('.cm-editor') === null);
  check(after, 'Tab moves the focus out of the editor');

  // A township cannot open the page or call its API.
  const unit = await signIn(UNIT_TOKEN, 1280, 900);
  const response = await unit.page.goto(`${DESK}/r/${RUBRIC}/edit`);
  check(response.status() === 404, `a unit's rubric page is ${response.status()}`);
  const api = await unit.page.evaluate(async () => (await fetch('/api/v1/language')).status);
  check(api === 403, `a unit's call of the editor API is ${api}`);
}, 'the rubric page works in the browser');
