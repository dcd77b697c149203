/** The acceptance report as Markdown: for a ticket, a wiki, or a diff between two runs. */
import { beijingTime, environmentRows, REPORT_SUBTITLE, REPORT_TITLE, SIGN_OFF_ROLES } from './report-text.js';
import { GROUP_LABEL, STATUS_LABEL, type CheckGroup, type CheckStatus, type DoctorReport } from './types.js';

const STATUS_MARK: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** Table cells are one line and may not contain a bare pipe. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function line(text: string): string {
  // Evidence is observed text (URLs, column lists): shown literally, never as Markdown. An
  // underscore inside a word (cd_time) is never emphasis, so only the others are escaped.
  return text
    .replace(/([\\`*[\]<>|])/g, '\\$1')
    .replace(/(^|\W)_|_(?=\W|$)/g, (match) => match.replace('_', '\\_'))
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown(report: DoctorReport): string {
  const { summary } = report;
  const out: string[] = [];
  out.push(`# ${REPORT_TITLE}`, '', `_${REPORT_SUBTITLE}_`, '');
  out.push(`- 生成时间：${beijingTime(report.generatedAt)}`);
  out.push(
    `- 结论：**${STATUS_MARK[summary.verdict]} ${STATUS_LABEL[summary.verdict]}** ` +
      `（通过 ${summary.pass} 项，警告 ${summary.warn} 项，失败 ${summary.fail} 项）`,
    '',
  );

  out.push('## 一、环境', '', '| 项目 | 内容 |', '| --- | --- |');
  for (const [name, value] of environmentRows(report)) out.push(`| ${cell(name)} | ${cell(value)} |`);
  out.push('');

  out.push('## 二、检查汇总', '', '| 序号 | 分类 | 检查项 | 结果 | 说明 |', '| ---: | --- | --- | --- | --- |');
  report.checks.forEach((check, index) => {
    out.push(
      `| ${index + 1} | ${GROUP_LABEL[check.group]} | ${cell(check.title)} | ` +
        `${STATUS_MARK[check.status]} ${STATUS_LABEL[check.status]} | ${cell(check.summary)} |`,
    );
  });
  out.push('');

  out.push('## 三、检查明细', '');
  const groups = [...new Set(report.checks.map((check) => check.group))] as CheckGroup[];
  groups.forEach((group, groupIndex) => {
    out.push(`### ${groupIndex + 1}. ${GROUP_LABEL[group]}`, '');
    for (const check of report.checks.filter((each) => each.group === group)) {
      out.push(`#### ${STATUS_MARK[check.status]} ${STATUS_LABEL[check.status]}：${line(check.title)}`, '');
      out.push(`${line(check.summary)}`, '', `检查编号 \`${check.id}\``, '');
      if (check.evidence.length > 0) {
        out.push('证据：', '');
        for (const item of check.evidence) out.push(`- ${line(item)}`);
        out.push('');
      }
    }
  });

  out.push('## 四、签字确认', '', '| 角色 | 单位 | 签字 | 日期 |', '| --- | --- | --- | --- |');
  for (const role of SIGN_OFF_ROLES) out.push(`| ${role} |  |  |  |`);
  out.push('');
  return out.join('\n');
}
