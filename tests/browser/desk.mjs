// The desk in a real browser (run by tests/browser/run.sh, which starts the
// server): a township opens its personal link, fills rubric A's form for 盛池镇
// by typing, watches 94 / 良 and the item-24 finding appear, and submits; the
// bureau opens its link and sees it ranked; another township's link cannot see
// it. Screenshots go to target/browser/.
//
// Environment: DESK (the server's URL), UNIT_TOKEN (盛池镇), OTHER_TOKEN
// (劳动镇), BUREAU_TOKEN, SEED (盛池镇's data file), OUT (the screenshot folder).
import { check, DESK, OUT, postSeed, RUBRIC, run, signIn, UNIT } from './harness.mjs';

const { UNIT_TOKEN, OTHER_TOKEN, BUREAU_TOKEN } = process.env;
const byId = (page, id) => page.locator(`[id="${id}"]`);

await run(async () => {
  // 盛池镇's values, as the form holds them (the server reads the seed TOML for us).
  const seed = await postSeed('convert?name=seed.toml', BUREAU_TOKEN).then((r) => r.json());
  const data = seed.data;

  // ---- the township: its link, the form, typing.
  const unit = await signIn(UNIT_TOKEN, 1280, 900);
  await unit.page.locator('body.ready, .cards a').first().waitFor();
  await unit.page.getByRole('link', { name: '乐至县预算绩效管理工作考核评分表' }).first().click();
  await unit.page.locator('body.ready').waitFor();
  check((await unit.page.locator('h1').textContent()).includes('乐至县预算绩效管理工作考核评分表'), 'the form is titled as the rubric');
  await unit.page.screenshot({ path: `${OUT}/form-empty.png` });

  // Keyboard: from the address bar's focus, Tab reaches the skip link, then the page's controls.
  await unit.page.keyboard.press('Tab');
  check(await unit.page.evaluate(() => document.activeElement.classList.contains('skip')), 'the first Tab reaches the skip link');

  const type = async (path, value) => {
    if (typeof value === 'boolean') {
      // A yes/no is two buttons: focus the right one and press Space.
      await byId(unit.page, 'f-' + path).locator(`button[data-value="${value}"]`).press('Space');
    } else if (path === 'reported.grade') {
      await byId(unit.page, 'f-' + path).selectOption(String(value));
    } else {
      await byId(unit.page, 'f-' + path).pressSequentially(String(value), { delay: 5 });
    }
  };
  let typed = 0;
  for (const table of ['inputs', 'not_applicable']) {
    for (const [key, value] of Object.entries(data[table] || {})) { await type(`${table}.${key}`, value); typed++; }
  }
  for (const [key, value] of Object.entries(data.reported.items)) { await type(`reported.items.${key}`, value); typed++; }
  for (const [key, value] of Object.entries(data.reported.sections)) { await type(`reported.sections.${key}`, value); typed++; }
  await type('reported.total', data.reported.total);
  await type('reported.grade', data.reported.grade);
  typed += 2;
  check(typed > 50, `typed ${typed} values`);

  await unit.page.locator('#bar-total', { hasText: /^94$/ }).waitFor({ timeout: 15000 });

  // A rubric's `require` is checked as the clerk types: more assessed than due is refused at the field.
  await byId(unit.page, 'f-inputs.已事前评估项目数').pressSequentially('2', { delay: 5 });
  const broken = unit.page.locator('[id="p-inputs.应事前评估项目数"]', { hasText: '不能多于' });
  await broken.waitFor({ timeout: 10000 });
  check(await unit.page.locator('[data-path="inputs.已事前评估项目数"].bad').count() === 1, 'both inputs of the require are marked');
  await byId(unit.page, 'item-8').scrollIntoViewIfNeeded();
  await unit.page.screenshot({ path: `${OUT}/form-require.png` });
  await byId(unit.page, 'f-inputs.已事前评估项目数').press('Backspace');
  await broken.waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  check(await unit.page.locator('[id="p-inputs.应事前评估项目数"]').textContent() === '', 'the message goes when the figure is fixed');
  await unit.page.locator('#bar-total', { hasText: /^94$/ }).waitFor({ timeout: 15000 });
  check((await byId(unit.page, 'bar-grade').textContent()) === '良', 'the grade shown is 良');
  check((await byId(unit.page, 'total').textContent()) === '94', 'the headline total is 94');
  const finding24 = await byId(unit.page, 'finding-24').textContent();
  check(finding24.includes('24') || finding24.length > 0, 'item 24 shows its audit finding: ' + finding24);
  check(((await byId(unit.page, 'findings').textContent()) || '').includes('24'), 'the findings list names item 24');
  const trace = await unit.page.locator('#item-2 .trace').textContent();
  check(trace.includes('主要领导任组长'), 'item 2 shows its trace: ' + trace);
  const render = await unit.page.evaluate(() => window.rubricLastRender);
  check(typeof render === 'number' && render < 16.7, `the score is shown within one frame of the response (${render && render.toFixed(2)} ms)`);
  await byId(unit.page, 'item-24').scrollIntoViewIfNeeded();
  await unit.page.screenshot({ path: `${OUT}/form-item-24.png` });
  await unit.page.locator('#save-state', { hasText: /已保存/ }).waitFor({ timeout: 10000 });
  check(true, 'the draft is saved on the server');

  // Submit by keyboard.
  await byId(unit.page, 'submit').focus();
  await unit.page.keyboard.press('Enter');
  await unit.page.locator('#banner', { hasText: '已提交第 1 版' }).waitFor({ timeout: 15000 });
  check(true, 'submitted: version 1');
  await unit.page.evaluate(() => window.scrollTo(0, 0));
  await unit.page.screenshot({ path: `${OUT}/form-submitted.png` });
  await unit.page.screenshot({ path: `${OUT}/form-full.png`, fullPage: true });

  // The print view: the 计分表 of the draft.
  const print = await unit.context.newPage();
  await print.goto(`${DESK}/r/${RUBRIC}/print`);
  await print.locator('body.ready').waitFor();
  const sheet = await print.locator('table.sheet').textContent();
  check(sheet.includes('一级指标') && sheet.includes('自评抽查') && sheet.includes('94'), 'the print view is the 计分表 with 94');
  await print.screenshot({ path: `${OUT}/print.png` });
  await print.emulateMedia({ media: 'print' });
  await print.screenshot({ path: `${OUT}/print-media.png` });
  await print.close();

  // A closed tab loses nothing: a new page of the same session has the draft.
  const again = await unit.context.newPage();
  await again.goto(`${DESK}/r/${RUBRIC}`);
  await again.locator('body.ready').waitFor();
  check((await byId(again, 'f-inputs.整改要求数').inputValue()) === '0', 'a reopened form has the saved draft');
  check((await byId(again, 'bar-total').textContent()) === '94', 'a reopened form scores 94 again');

  // Phone width.
  const phone = await signIn(UNIT_TOKEN, 390, 844);
  await phone.page.goto(`${DESK}/r/${RUBRIC}`);
  await phone.page.locator('body.ready').waitFor();
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no sideways scrolling at phone width (${overflow}px)`);
  await byId(phone.page, 'item-24').scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: `${OUT}/form-phone.png` });
  await byId(phone.page, 'f-inputs.专题研究次数').focus();
  await phone.page.screenshot({ path: `${OUT}/form-phone-focus.png` });

  // ---- the bureau: its link, the desk, the ranking.
  const bureau = await signIn(BUREAU_TOKEN, 1280, 900);
  await bureau.page.goto(`${DESK}/r/${RUBRIC}`);
  await bureau.page.locator('body.ready').waitFor();
  const row = bureau.page.locator(`#units tr[data-unit="${UNIT}"]`);
  check((await row.textContent()).includes('已提交') && (await row.textContent()).includes('94'), 'the desk lists 盛池镇 as submitted with 94');
  await bureau.page.locator('#ranking tbody tr').first().waitFor({ timeout: 10000 });
  const first = await bureau.page.locator('#ranking tbody tr').first().textContent();
  check(first.includes(UNIT) && first.includes('94'), 'the ranking has 盛池镇 first with 94: ' + first);
  await bureau.page.screenshot({ path: `${OUT}/bureau-desk.png`, fullPage: true });
  await row.getByRole('link').click();
  await bureau.page.locator('body.ready').waitFor();
  await bureau.page.screenshot({ path: `${OUT}/bureau-unit.png` });
  await byId(bureau.page, 'comment').fill('请补充第24项的佐证材料');
  await byId(bureau.page, 'return').click();
  await bureau.page.locator('.reviews', { hasText: '请补充第24项的佐证材料' }).waitFor({ timeout: 10000 });
  check(true, 'the bureau returned version 1 with a comment');
  await again.reload();
  await again.locator('body.ready').waitFor();
  check(((await byId(again, 'banner').textContent()) || '').includes('请补充第24项的佐证材料'), 'the township sees the comment');

  // ---- another township cannot see it.
  const other = await signIn(OTHER_TOKEN, 1280, 900);
  const peek = await other.page.evaluate(async ([rubric, unit]) => {
    const r = await fetch(`/api/v1/rubrics/${rubric}/submissions/${encodeURIComponent(unit)}`);
    return { status: r.status, text: await r.text() };
  }, [RUBRIC, UNIT]);
  check((peek.status === 403 || peek.status === 404) && !peek.text.includes('"total"'), `another unit's link gets ${peek.status}, not the data`);
  const list = await other.page.evaluate(async (rubric) => (await fetch(`/api/v1/rubrics/${rubric}/submissions`)).json(), RUBRIC);
  check(Array.isArray(list) && list.length === 0, 'another unit lists no submission');
  const response = await other.page.goto(`${DESK}/r/${RUBRIC}/u/${encodeURIComponent(UNIT)}`);
  check(response.status() === 404, `another unit's page of 盛池镇 is ${response.status()}`);
  await other.page.screenshot({ path: `${OUT}/other-unit.png` });

  // Its own form: a filled file uploaded instead of typing, then the English switch.
  await other.page.goto(`${DESK}/r/${RUBRIC}`);
  await other.page.locator('body.ready').waitFor();
  check((await byId(other.page, 'bar-total').textContent()) === '—', 'its own form starts empty');
  await other.page.locator('#upload').setInputFiles(process.env.SEED);
  await other.page.locator('#bar-total', { hasText: /^94$/ }).waitFor({ timeout: 15000 });
  check((await byId(other.page, 'f-inputs.整改要求数').inputValue()) === '0', 'an uploaded file fills the form');
  await other.page.getByRole('button', { name: 'English' }).click();
  await other.page.locator('body.ready').waitFor();
  await other.page.locator('#bar-total', { hasText: /^94$/ }).waitFor({ timeout: 15000 });
  const label = await other.page.locator('.scorebar').textContent();
  check(label.includes('Total') && label.includes('Grade'), 'the English switch: ' + label);
  const chip = await other.page.locator('#item-2 .chip').textContent();
  check(chip === 'computed', `item 2 is "computed" in English (${chip})`);
  await other.page.screenshot({ path: `${OUT}/form-english.png` });
}, 'the desk works in the browser');
