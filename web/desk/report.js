// A report (the JSON of `rubric eval --format json`) on a page: the total and
// grade, the findings, the 缺省项, and the whole table laid out like the
// official 计分表 (一级 / 二级 / 三级指标, 分值, 得分, 自评分, 说明).
'use strict';

const Report = (() => {
  const { el, say } = Desk;

  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

  const headline = (report) => el('div', { class: 'headline' },
    el('div', { class: 'big' },
      el('span', { class: 'label' }, say('total')), ' ',
      el('strong', { id: 'total', 'aria-live': 'polite' }, report.total === null ? '—' : report.total),
      el('span', { class: 'of' }, ' / ' + report.max)),
    el('div', { class: 'big' },
      el('span', { class: 'label' }, say('grade')), ' ',
      el('strong', { id: 'grade', 'aria-live': 'polite' }, dash(report.grade))),
    report.disqualification ? el('p', { class: 'error' }, report.disqualification.reason) : null);

  const findings = (report) => report.findings.length === 0
    ? el('p', { class: 'muted' }, say('noFindings'))
    : el('ul', { class: 'findings' }, report.findings.map((f) =>
      el('li', { 'data-target': f.target }, el('strong', {}, f.target), ' ', f.message)));

  const notApplicable = (report) => report.not_applicable.length === 0
    ? el('p', { class: 'muted' }, '—')
    : el('ul', { class: 'na' }, report.not_applicable.map((n) =>
      el('li', {}, el('strong', {}, n.id + ' ' + n.name), ' — ', n.reason,
        n.score !== null ? ' (' + n.score + ')' : '')));

  // The section names above an item: 一级, 二级, and the rest with the item's name.
  const levels = (report, item) => {
    const name = (id) => (report.sections.find((s) => s.id === id) || { name: id }).name;
    const path = item.path.map(name);
    const deeper = path.slice(2);
    const last = deeper.length ? deeper[deeper.length - 1] : null;
    const third = !last ? item.name : (last.includes(item.name) ? deeper.join(' / ') : deeper.concat(item.name).join(' / '));
    return [path[0] || '', path[1] || '', third];
  };

  // The whole table, like the 计分表: one row per item, the section names
  // shown once per run of rows.
  const table = (report) => {
    const rows = [];
    let previous = ['', ''];
    for (const item of report.items) {
      const [l1, l2, l3] = levels(report, item);
      const shown1 = l1 === previous[0] ? '' : l1;
      const shown2 = l1 === previous[0] && l2 === previous[1] ? '' : l2;
      previous = [l1, l2];
      const differs = item.reported !== null && item.score !== null && item.reported !== item.score;
      const explanation = [item.id + ' · ' + say(item.status)];
      if (item.reason) explanation.push(item.reason);
      explanation.push(...item.trace);
      rows.push(el('tr', { class: differs ? 'differs' : null },
        el('td', {}, shown1), el('td', {}, shown2), el('td', {}, l3),
        el('td', { class: 'num' }, item.max),
        el('td', { class: 'num' }, dash(item.score)),
        el('td', { class: 'num' }, dash(item.reported)),
        el('td', { class: 'explain' }, explanation.map((line) => el('div', {}, line)))));
    }
    return el('table', { class: 'sheet' },
      el('thead', {}, el('tr', {},
        ['level1', 'level2', 'level3', 'weight', 'score', 'selfScore', 'explain'].map((k) => el('th', { scope: 'col' }, say(k))))),
      el('tbody', {}, rows),
      el('tfoot', {}, el('tr', {},
        el('th', { colspan: 3, scope: 'row' }, say('total')),
        el('td', { class: 'num' }, report.max),
        el('td', { class: 'num' }, dash(report.total)),
        el('td', { class: 'num' }, dash(report.reported_total)),
        el('td', {}, say('grade') + ' ' + dash(report.grade) + (report.reported_grade ? ' · ' + say('selfGrade') + ' ' + report.reported_grade : '')))));
  };

  return { headline, findings, notApplicable, table, dash };
})();
