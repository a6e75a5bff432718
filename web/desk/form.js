// The township's form, generated from the rubric (GET …/form): every section
// and item in the table's order, each item with the inputs it reads and the
// self-assessment column beside them. As the clerk types, the data is scored
// (POST …/score) and every item's score, trace and audit finding follows; the
// draft is saved on the server (PUT …/drafts/{unit}) and, until it is, in
// this browser. Submit stores a new version.
'use strict';

Desk.start(async (me) => {
  const { el, say, api, enc, when, statusChip } = Desk;
  const rubricId = document.body.dataset.rubric;
  const unit = me.unit;
  const main = document.getElementById('main');
  const base = '/rubrics/' + enc(rubricId);
  const localKey = 'rubric-draft:' + rubricId + ':' + unit;

  const form = (await api('GET', base + '/form')).body;
  Desk.bar(form.title, [[form.title + (form.year ? '（' + form.year + '）' : ''), null]]);
  const inputs = new Map(form.inputs.map((i) => [i.name, i]));
  const items = new Map(form.items.map((i) => [i.id, i]));
  const sections = new Map(form.sections.map((s) => [s.id, s]));

  // ---- the fields: each is bound to the path of its value in the data file.
  const fields = new Map(); // path → {get, set, box, numeric}
  const NUMBER = /^[-+]?\d+(\.\d+)?$/;

  const problemSlot = (path) => el('div', { class: 'problem', id: 'p-' + path, role: 'status' });

  const textField = (path, label, hint, unitText, numeric, wide) => {
    const id = 'f-' + path;
    const input = el('input', {
      id, type: 'text', name: path, autocomplete: 'off', spellcheck: 'false',
      inputmode: numeric ? 'decimal' : null, class: wide ? 'wide' : null,
      'aria-describedby': hint ? id + '-hint' : null, oninput: changed,
    });
    const box = el('div', { class: 'field', 'data-path': path },
      el('label', { for: id }, label),
      el('div', { class: 'entry' }, input, unitText ? el('span', { class: 'unit' }, unitText) : null),
      hint ? el('div', { class: 'hint', id: id + '-hint' }, hint) : null,
      problemSlot(path));
    fields.set(path, { box, numeric, get: () => input.value, set: (v) => { input.value = v === null || v === undefined ? '' : String(v); }, focus: () => input.focus() });
    return box;
  };

  const yesNoField = (path, label, hint) => {
    let value = null;
    const buttons = [true, false].map((v) => el('button', {
      type: 'button', class: 'choice', 'aria-pressed': 'false', 'data-value': String(v),
      onclick: () => { set(value === v ? null : v); changed(); },
    }, say(v ? 'yes' : 'no')));
    const set = (v) => {
      value = v === true || v === 'true' || v === '是' ? true : v === false || v === 'false' || v === '否' ? false : null;
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.value === String(value))));
    };
    const id = 'f-' + path;
    const box = el('div', { class: 'field', 'data-path': path },
      el('span', { class: 'label', id: id + '-label' }, label),
      el('div', { class: 'entry', role: 'group', 'aria-labelledby': id + '-label', id }, buttons),
      hint ? el('div', { class: 'hint' }, hint) : null,
      problemSlot(path));
    fields.set(path, { box, get: () => value, set, focus: () => buttons[0].focus() });
    return box;
  };

  const inputField = (name) => {
    const input = inputs.get(name);
    const path = 'inputs.' + name;
    const hint = [input.description, input.expects].filter(Boolean).join(' — ');
    if (input.type === 'yes/no') return yesNoField(path, name, hint);
    const numeric = input.type !== 'text';
    const unitText = input.unit === '%' ? '%' : input.unit;
    return textField(path, name, hint, input.type === 'rate' ? null : unitText, numeric, input.type === 'text');
  };

  // ---- the page.
  const scoreBar = el('div', { class: 'scorebar', role: 'region', 'aria-label': say('score') },
    el('span', {}, say('total'), ' ', el('strong', { id: 'bar-total', 'aria-live': 'polite' }, '—'), ' / ' + form.max),
    el('span', {}, say('grade'), ' ', el('strong', { id: 'bar-grade', 'aria-live': 'polite' }, '—')),
    el('span', {}, say('findings'), ' ', el('strong', { id: 'bar-findings' }, '0')),
    el('span', { id: 'bar-scored', class: 'muted' }),
    el('span', { id: 'save-state', class: 'muted', 'aria-live': 'polite' }),
    el('button', { type: 'button', id: 'submit', class: 'primary', onclick: () => submit() }, say('submit')));
  const banner = el('div', { id: 'banner', role: 'status' });
  const fileInput = el('input', { type: 'file', id: 'upload', accept: '.xlsx,.toml,.json,.yaml,.yml', onchange: () => upload(fileInput) });
  const tools = el('div', { class: 'tools' },
    el('label', { for: 'upload', class: 'button' }, say('upload')), fileInput,
    el('button', { type: 'button', onclick: () => download('toml') }, say('downloadToml')),
    el('button', { type: 'button', onclick: () => download('xlsx') }, say('downloadXlsx')),
    el('a', { class: 'button', href: '/r/' + enc(rubricId) + '/print' }, say('print')),
    el('a', { class: 'button', href: '/r/' + enc(rubricId) + '/u/' + enc(unit) }, say('history')));
  const unitBox = el('section', { class: 'unitinfo' },
    el('p', {}, el('span', { class: 'label' }, say('unitName')), ' ', el('strong', {}, unit)),
    textField('unit.year', say('year'), null, null, true));

  const itemCards = new Map(); // id → {score, chip, trace, reason, finding}
  const sectionHeads = new Map(); // id → {score}
  const body = el('div', { class: 'sheetform' });
  for (const place of form.layout) {
    if (place.section !== undefined) {
      const s = sections.get(place.section);
      const scoreText = el('strong', { class: 'subtotal' }, '—');
      sectionHeads.set(s.id, { score: scoreText });
      const heading = el(s.depth === 0 ? 'h2' : 'h3', { id: 'sec-' + s.id }, s.name, ' ', el('span', { class: 'weight' }, s.weight + (s.kind === 'normal' ? '' : ' ' + say(s.kind === 'bonus' ? 'bonus' : 'deduction'))));
      body.append(el('div', { class: 'section depth' + s.depth },
        heading,
        el('div', { class: 'self' }, el('span', { class: 'label' }, say('subtotal')), ' ', scoreText, ' / ' + s.weight,
          textField('reported.sections.' + s.id, say('selfSubtotal'), null, null, true))));
    } else if (place.item !== undefined) {
      const item = items.get(place.item);
      const score = el('strong', { class: 'score' }, '—');
      const chip = el('span', { class: 'chip' });
      const trace = el('div', { class: 'trace' });
      const reason = el('div', { class: 'reason' });
      const finding = el('div', { class: 'finding', id: 'finding-' + item.id, role: 'status' });
      itemCards.set(item.id, { score, chip, trace, reason, finding, card: null });
      const left = el('div', { class: 'facts' },
        el('h4', {}, el('span', { class: 'id' }, item.id), ' ', item.name, ' ', el('span', { class: 'weight' }, item.weight + (Desk.lang === 'en' ? ' pts' : ' 分'))),
        item.description.length ? el('p', { class: 'desc' }, item.description.join(' ')) : null,
        el('p', { class: 'rule' }, say('rule') + '：' + item.rule),
        item.not_applicable ? el('p', { class: 'rule' }, say('naWhen') + '：' + item.not_applicable) : null,
        place.inputs.map(inputField),
        item.judged ? textField('judged.' + item.id, say('judgedScore') + Desk.range(item.weight), null, null, true) : null,
        item.claimable ? textField('not_applicable.' + item.id, say('claimNA'), null, null, false, true) : null);
      const right = el('div', { class: 'selfcol' },
        textField('reported.items.' + item.id, say('selfScore') + Desk.range(item.weight), null, null, true),
        el('div', { class: 'computed' }, el('span', { class: 'label' }, say('score')), ' ', score, ' / ' + item.weight, ' ', chip),
        reason, trace, finding);
      const card = el('article', { class: 'item', id: 'item-' + item.id, 'data-item': item.id }, left, right);
      itemCards.get(item.id).card = card;
      body.append(card);
    } else if (place.rest !== undefined) {
      body.append(el('div', { class: 'section' }, el('h2', {}, say('inputsOther')), place.rest.map(inputField)));
    }
  }
  const gradeSelect = el('select', { id: 'f-reported.grade', onchange: changed },
    el('option', { value: '' }, '—'), form.grades.map((g) => el('option', { value: g.name }, g.name)));
  const gradeBox = el('div', { class: 'field', 'data-path': 'reported.grade' }, el('label', { for: 'f-reported.grade' }, say('selfGrade')),
    el('div', { class: 'entry' }, gradeSelect), problemSlot('reported.grade'));
  fields.set('reported.grade', { box: gradeBox, get: () => gradeSelect.value, set: (v) => { gradeSelect.value = v || ''; }, focus: () => gradeSelect.focus() });
  const results = el('section', { class: 'results', 'aria-label': say('report') },
    el('div', { class: 'selftotals' },
      textField('reported.total', say('selfTotal') + Desk.range(form.max), null, null, true), gradeBox),
    el('div', { id: 'headline' }),
    el('h2', {}, say('findings')), el('div', { id: 'findings' }),
    el('h2', {}, say('naList')), el('div', { id: 'na' }),
    el('h2', {}, say('problems')), el('div', { id: 'problems' }),
    el('p', {}, el('button', { type: 'button', class: 'primary', onclick: () => submit() }, say('submit'))));
  main.replaceChildren(scoreBar, banner, tools, unitBox, body, results);

  // ---- the data: the fields as a JSON data file, numbers written exactly as typed.
  const numberText = (t) => t.replace(/^\+/, '').replace(/^(-?)0+(\d)/, '$1$2');
  const jsonOf = (value, numeric) => {
    if (typeof value === 'boolean') return String(value);
    const t = String(value).trim();
    return numeric && NUMBER.test(t) ? numberText(t) : JSON.stringify(t);
  };
  const dataText = () => {
    const tables = new Map([['unit', [['name', JSON.stringify(unit)]]]]);
    for (const [path, field] of fields) {
      const value = field.get();
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
      const dot = path.startsWith('reported.items.') || path.startsWith('reported.sections.') ? path.indexOf('.', 9) : path.indexOf('.');
      const table = path.slice(0, dot);
      const key = path.slice(dot + 1);
      if (!tables.has(table)) tables.set(table, []);
      tables.get(table).push([key, jsonOf(value, field.numeric || path === 'reported.total')]);
    }
    const object = (pairs) => '{' + pairs.map(([k, v]) => JSON.stringify(k) + ': ' + v).join(', ') + '}';
    const reported = (tables.get('reported') || []).slice();
    if (tables.has('reported.items')) reported.push(['items', object(tables.get('reported.items'))]);
    if (tables.has('reported.sections')) reported.push(['sections', object(tables.get('reported.sections'))]);
    const top = [];
    for (const name of ['unit', 'inputs', 'judged', 'not_applicable']) if (tables.has(name)) top.push([name, object(tables.get(name))]);
    if (reported.length) top.push(['reported', object(reported)]);
    return object(top);
  };
  const fill = (data) => {
    const get = (path) => path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), data);
    for (const [path, field] of fields) {
      if (path.startsWith('reported.items.') || path.startsWith('reported.sections.')) {
        const dot = path.indexOf('.', 9);
        const table = (data.reported || {})[path.slice(9, dot)] || {};
        field.set(table[path.slice(dot + 1)]);
      } else if (path.startsWith('inputs.') || path.startsWith('judged.') || path.startsWith('not_applicable.')) {
        const dot = path.indexOf('.');
        field.set((data[path.slice(0, dot)] || {})[path.slice(dot + 1)]);
      } else field.set(get(path));
    }
  };

  // ---- scoring as the clerk types.
  let sent = 0;
  let shown = 0;
  let uploaded = false;
  let scoreTimer = null;
  let saveTimer = null;
  function changed() {
    try { localStorage.setItem(localKey, JSON.stringify({ at: new Date().toISOString(), data: dataText() })); } catch (e) { /* full or private */ }
    clearTimeout(scoreTimer);
    scoreTimer = setTimeout(score, 80);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 700);
    setSave('saving');
  }

  const score = async () => {
    const n = ++sent;
    const r = await api('POST', base + '/score', dataText());
    if (n < shown) return;
    shown = n;
    const started = performance.now();
    if (r.status === 200) apply(r.body, []);
    else if (r.status === 422) apply(r.body.report, r.body.problems || []);
    window.rubricLastRender = performance.now() - started;
  };

  const problemsAt = new Map();
  const apply = (report, problems) => {
    document.getElementById('bar-total').textContent = report.total === null ? '—' : report.total;
    document.getElementById('bar-grade').textContent = report.grade || '—';
    document.getElementById('bar-findings').textContent = String(report.findings.length);
    const scored = report.items.filter((i) => i.score !== null).length;
    document.getElementById('bar-scored').textContent = say('itemsScored') + ' ' + scored + '/' + report.items.length +
      (report.total === null ? ' · ' + say('total') + say('totalPending') : '');
    for (const item of report.items) {
      const card = itemCards.get(item.id);
      if (!card) continue;
      card.score.textContent = item.score === null ? '—' : item.score;
      card.chip.textContent = say(item.status);
      card.chip.className = 'chip st-' + item.status;
      card.reason.textContent = item.reason || '';
      card.trace.replaceChildren(...item.trace.map((line) => el('div', {}, line)));
      card.finding.replaceChildren();
    }
    for (const s of report.sections) {
      const head = sectionHeads.get(s.id);
      if (head) head.score.textContent = s.score === null ? '—' : s.score;
    }
    for (const f of report.findings) {
      const card = itemCards.get(f.target);
      if (card) card.finding.append(el('p', {}, f.message));
    }
    document.getElementById('headline').replaceChildren(Report.headline(report));
    document.getElementById('findings').replaceChildren(Report.findings(report));
    document.getElementById('na').replaceChildren(Report.notApplicable(report));
    for (const path of problemsAt.keys()) {
      const slot = document.getElementById('p-' + path);
      if (slot) slot.replaceChildren();
      const field = fields.get(path);
      if (field && field.box) field.box.classList.remove('bad');
    }
    problemsAt.clear();
    const loose = [];
    const mark = (path) => {
      problemsAt.set(path, true);
      const field = fields.get(path);
      if (field && field.box) field.box.classList.add('bad');
    };
    for (const p of problems) {
      const slot = p.path && document.getElementById('p-' + p.path);
      if (slot) {
        slot.append(el('p', {}, p.message, p.help ? el('span', { class: 'help' }, ' ' + p.help) : null));
        mark(p.path);
        // A broken `require` is about all of its inputs: mark every one.
        if (p.code === 'data::requirement') {
          const name = p.path.slice('inputs.'.length);
          for (const r of form.requires) if (r.inputs.includes(name)) r.inputs.forEach((i) => mark('inputs.' + i));
        }
      } else loose.push(p);
    }
    document.getElementById('problems').replaceChildren(problems.length === 0
      ? el('p', { class: 'muted' }, say('noProblems'))
      : el('ul', { class: 'problems' }, problems.map((p) => el('li', { class: p.path && !loose.includes(p) ? 'located' : null },
        p.path ? el('a', { href: '#p-' + p.path, onclick: (e) => { e.preventDefault(); const f = fields.get(p.path); if (f) f.focus(); } }, p.path) : null,
        p.path ? ' — ' : null, p.message))));
  };

  // ---- the draft: on the server, and in this browser until the server has it.
  const setSave = (state, at) => {
    const node = document.getElementById('save-state');
    node.textContent = state === 'saved' ? say('saved') + ' ' + when(at) : say(state);
    node.className = state === 'unsaved' ? 'warn' : 'muted';
  };
  const save = async (keepalive) => {
    clearTimeout(saveTimer);
    try {
      const r = await api('PUT', base + '/drafts/' + enc(unit), dataText(), 'application/json', keepalive ? { keepalive: true } : {});
      if (r.status === 200) {
        setSave('saved', r.body.saved_at);
        try { localStorage.removeItem(localKey); } catch (e) { /* ignore */ }
        return true;
      }
    } catch (e) { /* offline: kept in this browser */ }
    setSave('unsaved');
    return false;
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden' && saveTimer) save(true); });
  window.addEventListener('online', () => save());

  const download = async (format) => {
    await save();
    location.href = '/api/v1' + base + '/drafts/' + enc(unit) + '/download?format=' + format + '&lang=' + Desk.lang;
  };

  const upload = async (input) => {
    const file = input.files && input.files[0];
    if (!file) return;
    const r = await api('POST', base + '/convert?name=' + enc(file.name), file, 'application/octet-stream');
    input.value = '';
    if (r.status !== 200) { banner.replaceChildren(el('p', { class: 'error' }, r.body && r.body.error ? r.body.error : String(r.status))); return; }
    fill(r.body.data || {});
    uploaded = true;
    banner.replaceChildren(el('p', { class: 'ok' }, say('uploadLoaded', { f: file.name })));
    changed();
  };

  const submit = async () => {
    const button = document.getElementById('submit');
    button.disabled = true;
    button.textContent = say('submitting');
    await save();
    const r = await api('POST', base + '/submissions?via=' + (uploaded ? 'upload' : 'form'), dataText());
    button.disabled = false;
    button.textContent = say('submit');
    if (r.status === 201) {
      const report = r.body.report;
      banner.replaceChildren(el('p', { class: 'ok', role: 'alert' }, statusChip('submitted'), ' ',
        say('submittedNow', { v: r.body.version, t: report.total === null ? '—' : report.total, g: report.grade || '—' })));
      apply(report, []);
    } else {
      const problems = (r.body && r.body.problems) || [];
      banner.replaceChildren(el('div', { class: 'error', role: 'alert' }, el('p', {}, say('refused')),
        el('p', {}, r.body && r.body.error ? r.body.error : String(r.status))));
      if (r.status === 422) score();
      const first = problems.find((p) => p.path && fields.has(p.path));
      if (first) fields.get(first.path).focus();
    }
    banner.scrollIntoView({ block: 'nearest' });
  };

  // ---- start: the server's draft (or latest submission), or this browser's newer copy.
  const [draft, history] = await Promise.all([
    api('GET', base + '/drafts/' + enc(unit)),
    api('GET', base + '/submissions/' + enc(unit) + '/history'),
  ]);
  fields.get('unit.year').set(form.year || '');
  if (draft.body && draft.body.data) fill(draft.body.data);
  let local = null;
  try { local = JSON.parse(localStorage.getItem(localKey) || 'null'); } catch (e) { local = null; }
  const serverAt = draft.body && draft.body.saved_at;
  if (local && local.data && (!serverAt || local.at > serverAt)) {
    fill(JSON.parse(local.data));
    save();
  } else if (serverAt) setSave('saved', serverAt);
  const versions = (history.body && history.body.versions) || [];
  const latest = versions[0];
  if (latest) {
    const review = ((history.body && history.body.reviews) || []).find((r) => r.version === latest.version);
    if (latest.status === 'returned' && review) {
      banner.replaceChildren(el('div', { class: 'warn', role: 'alert' }, statusChip('returned'), ' ',
        say('returnedBanner', { v: latest.version }), el('blockquote', {}, review.comment)));
    } else if (latest.status === 'accepted') {
      banner.replaceChildren(el('p', { class: 'ok' }, statusChip('accepted'), ' ', say('acceptedBanner', { v: latest.version })));
    } else {
      banner.replaceChildren(el('p', {}, statusChip('submitted'), ' ', say('submittedBanner', { v: latest.version })));
    }
  }
  await score();
  document.body.classList.add('ready');
});
