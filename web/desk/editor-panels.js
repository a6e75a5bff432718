// The rubric page's parts that are not the editor itself: its words in both
// languages, the rubric highlighting mode (keywords from GET /api/v1/language,
// the language server's table), hover Markdown as DOM, and the panels — the
// problems, the draft versions, the impact on the stored units, publishing.
'use strict';

const EditorParts = (() => {
  const { el, say, when } = Desk;

  Desk.words({
    editor: ['评分表编辑', 'Rubric editor'],
    editorLabel: ['评分表原文', 'The rubric text'],
    saveDraft: ['保存草稿', 'Save draft'],
    note: ['修改说明（可选）', 'Note (optional)'],
    impact: ['影响分析', 'Impact'],
    impactTitle: ['对已提交单位的影响', 'Impact on the units submitted'],
    publishOpen: ['发布为下一年度评分表…', 'Publish as next year’s rubric…'],
    publishNow: ['确认发布', 'Publish'],
    publishId: ['新评分表标识', 'The new rubric’s id'],
    publishHint: ['发布后作为新评分表提供；现行评分表和已提交的数据都不变。草稿中的年度须晚于现行评分表。',
      'Once published it is served as a new rubric; the served rubric and every submission stay as they are. The draft’s year must be after the served rubric’s.'],
    published: ['已发布为 {id}（{y} 年度）。', 'Published as {id} (year {y}).'],
    openPublished: ['打开新评分表', 'Open the new rubric'],
    checking: ['检查中…', 'Checking…'],
    noIssues: ['没有问题', 'No problems'],
    issues: ['{e} 个错误，{w} 个提示', '{e} error(s), {w} warning(s)'],
    problemsTitle: ['检查结果', 'Problems'],
    line: ['第 {n} 行', 'line {n}'],
    goTo: ['定位', 'Go to'],
    help: ['提示：', 'Help: '],
    versions: ['草稿版本', 'Draft versions'],
    servedText: ['现行文本', 'The served text'],
    servedNote: ['当前提供给各单位的评分表', 'The rubric served to the units now'],
    openVersion: ['打开', 'Open'],
    editing: ['正在编辑：{what}', 'Editing: {what}'],
    draftN: ['草稿第 {n} 版', 'draft {n}'],
    unsavedChanges: ['有未保存的修改', 'Unsaved changes'],
    discard: ['当前的修改尚未保存，确定放弃并打开另一版本吗？', 'The changes are not saved. Drop them and open the other version?'],
    savedAs: ['已保存为草稿第 {n} 版', 'Saved as draft {n}'],
    sameAs: ['与草稿第 {n} 版相同，未另存', 'The same as draft {n}: nothing saved'],
    errorsN: ['错误 {n}', 'errors {n}'],
    warningsN: ['提示 {n}', 'warnings {n}'],
    publishedAs: ['已发布为 {id}', 'published as {id}'],
    staleBase: ['此草稿基于较早的评分表文本', 'This draft started from an earlier text of the rubric'],
    noVersions: ['尚无草稿', 'No drafts yet'],
    impactOf: ['草稿第 {n} 版 对 {u} 个单位的影响：{t} 个总分变化，{g} 个等级变化。', 'Draft {n} on {u} unit(s): {t} total(s) and {g} grade(s) change.'],
    impactNone: ['尚无单位提交，无从比较。', 'No unit has submitted yet: nothing to compare.'],
    oldNew: ['原 → 新总分', 'Old → new total'],
    gradeChange: ['等级变化', 'Grade'],
    delta: ['增减', 'Change'],
    itemsMoved: ['变动的指标', 'Items that moved'],
    changesTitle: ['评分表的改动', 'What the draft changes'],
    unitProblems: ['按草稿计分时的问题', 'Problems scoring under the draft'],
    needsFix: ['草稿有错误，无法计算影响或发布：', 'The draft has errors; it cannot be scored or published:'],
    failed: ['操作失败：', 'Failed: '],
    item: ['指标', 'item'],
    section: ['部分', 'section'],
    input: ['输入项', 'input'],
    title_changed: ['标题', 'title'], max_changed: ['满分', 'maximum'], rounding_changed: ['舍入', 'rounding'],
    policy_changed: ['缺省项规则', 'not-applicable policy'], floor_changed: ['总分下限', 'floor'], grades_changed: ['等级', 'grades'],
    input_added: ['新增输入', 'input added'], input_removed: ['删除输入', 'input removed'], input_retyped: ['输入定义变更', 'input retyped'],
    require_added: ['新增要求', 'require added'], require_removed: ['删除要求', 'require removed'],
    section_added: ['新增部分', 'section added'], section_removed: ['删除部分', 'section removed'], section_renamed: ['部分改名', 'section renamed'],
    section_moved: ['部分移动', 'section moved'], section_kind_changed: ['部分类型变更', 'section kind changed'],
    section_reweighted: ['部分分值', 'section weight'], cap_changed: ['上限', 'cap'],
    item_added: ['新增指标', 'item added'], item_removed: ['删除指标', 'item removed'], item_renamed: ['指标改名', 'item renamed'],
    item_moved: ['指标移动', 'item moved'], item_reweighted: ['指标分值', 'item weight'], rule_changed: ['计分规则', 'rule'],
    description_changed: ['评分标准文字', 'wording'], indicator_added: ['新增分析指标', 'indicator added'],
    indicator_removed: ['删除分析指标', 'indicator removed'], indicator_changed: ['分析指标公式', 'indicator formula'],
    check_added: ['新增审核公式', 'check added'], check_removed: ['删除审核公式', 'check removed'], check_changed: ['审核公式', 'check'],
  });

  // ---- highlighting: a stream mode over the language's own keyword table.
  const mode = (language) => {
    const keywords = new Set(language.keywords);
    const functions = new Set(language.functions);
    const closing = { '"': '"', '“': '”', '「': '」' };
    return {
      name: 'rubric',
      token(stream) {
        if (stream.eatSpace()) return null;
        if (stream.match('#') || stream.match('//')) { stream.skipToEnd(); return 'comment'; }
        const ch = stream.peek();
        if (closing[ch]) {
          stream.next();
          let escaped = false;
          for (let c = stream.next(); c !== undefined; c = stream.next()) {
            if (c === closing[ch] && !escaped) break;
            escaped = ch === '"' && c === '\\' && !escaped;
          }
          return 'string';
        }
        if (stream.match(/^[0-9０-９]+(?:[.．][0-9０-９]+)*%?/)) return 'number';
        const word = stream.match(/^[\p{L}\p{N}_]+/u);
        if (word) {
          let text = word[0];
          const joined = stream.match(/^[-/][A-Za-z]+(?:-[A-Za-z]+)?/, false);
          if (joined && keywords.has(text + joined[0])) { stream.match(joined[0]); text += joined[0]; }
          if (text === 'at' && stream.match(/^ most\b/)) return 'keyword';
          if (keywords.has(text)) return 'keyword';
          if (functions.has(text) && stream.match(/^\s*[(（]/, false)) return 'variableName.function';
          return 'variableName';
        }
        stream.next();
        return /[-+*/×÷=<>≤≥≠＝]/.test(ch) ? 'operator' : 'punctuation';
      },
      languageData: { commentTokens: { line: '#' } },
    };
  };

  // ---- hover Markdown (the language server's subset) as DOM, never as HTML.
  const inline = (text) => {
    const out = [];
    const pattern = /(\*\*[^*]+\*\*|`[^`]+`)/g;
    let at = 0;
    for (const m of text.matchAll(pattern)) {
      if (m.index > at) out.push(text.slice(at, m.index));
      const token = m[0];
      out.push(token.startsWith('**') ? el('strong', {}, inline(token.slice(2, -2))) : el('code', {}, token.slice(1, -1)));
      at = m.index + token.length;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  };
  const markdown = (text) => {
    const root = el('div', { class: 'md' });
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*- /.test(l))) root.append(el('ul', {}, lines.map((l) => el('li', {}, inline(l.replace(/^\s*- /, ''))))));
      else if (lines.every((l) => l.startsWith('>'))) root.append(el('blockquote', {}, inline(lines.map((l) => l.replace(/^> ?/, '')).join('\n'))));
      else if (/^\s*- /.test(lines[1] || '')) {
        root.append(el('p', {}, inline(lines[0])), el('ul', {}, lines.slice(1).map((l) => el('li', {}, inline(l.replace(/^\s*- /, ''))))));
      } else root.append(el('p', {}, inline(block)));
    }
    return root;
  };

  // ---- the problems panel: every diagnostic, with a button to its place.
  const problems = (list, goTo) => {
    if (!list.length) return el('p', { class: 'ok', id: 'no-problems' }, say('noIssues'));
    return el('ul', { class: 'problems', id: 'problem-list' }, list.map((d) => el('li', { class: 'sev-' + d.severity, 'data-code': d.code },
      el('button', { type: 'button', class: 'link', onclick: () => goTo(d) }, say('line', { n: d.line })),
      ' ', el('code', {}, d.code), ' ', d.message,
      d.help ? el('div', { class: 'help' }, say('help') + d.help) : null)));
  };

  // ---- the versions: every saved draft, newest first, then the served text.
  const versions = (served, drafts, current, open) => {
    const entry = (key, label, lines, action, isCurrent) => el('li', { class: isCurrent ? 'current' : null, 'data-version': key },
      el('div', { class: 'what' }, el('strong', {}, label), lines.filter(Boolean).map((l) => el('div', { class: 'meta' }, l))),
      el('button', { type: 'button', 'aria-label': say('openVersion') + ' ' + label, onclick: action }, say('openVersion')));
    const items = drafts.map((d) => entry(String(d.version), say('draftN', { n: d.version }), [
      when(d.saved_at) + (d.saved_by ? ' · ' + d.saved_by : ''),
      say('errorsN', { n: d.errors }) + ' · ' + say('warningsN', { n: d.warnings }) + (d.note ? ' · ' + d.note : ''),
      d.published_as ? el('span', { class: 'chip s-accepted' }, say('publishedAs', { id: d.published_as })) : null,
      d.based_on_current ? null : el('span', { class: 'chip s-returned' }, say('staleBase')),
    ], () => open({ kind: 'draft', version: d.version }), current.kind === 'draft' && current.version === d.version));
    items.push(entry('served', say('servedText'), [say('servedNote'), served.hash.slice(0, 12)],
      () => open({ kind: 'served' }), current.kind === 'served'));
    return el('ol', { class: 'versions', id: 'versions' }, items);
  };

  // ---- the impact: `rubric diff --format json` of the served rubric and the draft.
  const signed = (d) => (d === null || d === undefined ? '—' : (Number(d) > 0 ? '+' + d : String(d)));
  const change = (c) => {
    const pick = (...keys) => keys.map((k) => c[k]).filter((v) => v !== undefined && v !== null && typeof v !== 'object');
    const head = [say(c.kind), ...pick('id', 'name')].join(' ');
    const arrow = c.old !== undefined && typeof c.old !== 'object' ? c.old + ' → ' + c.new : pick('text', 'ty', 'to_section', 'to').join(' ');
    const lines = c.new_text ? [...(c.old_text || []).map((l) => '- ' + l), ...c.new_text.map((l) => '+ ' + l)] : [];
    return el('li', { 'data-kind': c.kind }, el('strong', {}, head), arrow ? ' ' + arrow : '',
      lines.length ? el('pre', { class: 'diagnostics' }, lines.join('\n')) : null);
  };
  const impact = (result) => {
    const { impact: found, changes, draft } = result;
    const s = found.summary;
    const parts = [el('p', { id: 'impact-summary' }, s.units
      ? say('impactOf', { n: draft.version, u: s.units, t: s.totals_changed, g: s.grades_changed })
      : say('impactNone'))];
    if (found.units.length) {
      parts.push(el('div', { class: 'scroll' }, el('table', { class: 'list', id: 'impact-table' },
        el('thead', {}, el('tr', {}, [say('unit'), say('oldNew'), say('gradeChange'), say('delta'), say('itemsMoved')].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, found.units.map((u) => el('tr', { 'data-unit': u.label, class: u.delta && Number(u.delta) !== 0 ? 'moved' : null },
          el('th', { scope: 'row' }, u.label),
          el('td', { class: 'num' }, (u.old_total || '—') + ' → ' + (u.new_total || '—')),
          el('td', {}, u.grade_changed ? (u.old_grade || '—') + ' → ' + (u.new_grade || '—') : (u.new_grade || '—')),
          el('td', { class: 'num delta' }, signed(u.delta)),
          el('td', {}, u.items.map((i) => el('div', { 'data-item': i.id }, say('item') + ' ' + i.id + ' ' + i.name + '：' + (i.old || '—') + ' → ' + (i.new || '—'))))))))));
    }
    if (changes.length) parts.push(el('h3', {}, say('changesTitle')), el('ul', { id: 'changes' }, changes.map(change)));
    if (result.problems.length) {
      parts.push(el('h3', {}, say('unitProblems')), el('ul', { class: 'problems' }, result.problems.map((p) =>
        el('li', {}, el('strong', {}, p.unit), ' ', el('code', {}, p.code), ' ', p.message))));
    }
    return parts;
  };

  return { mode, markdown, problems, versions, impact };
})();
