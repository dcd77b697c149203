/**
 * Writes the report as `govdock-doctor-<date>-<time>.md`, `.html` and `.json` into a folder. The
 * time in the name keeps every run: an acceptance is usually several runs, and the operator hands
 * over the last one together with the earlier failures that were fixed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './report-html.js';
import { renderMarkdown } from './report-markdown.js';
import type { DoctorReport } from './types.js';

export interface WrittenReport {
  markdown: string;
  html: string;
  json: string;
}

function stamp(iso: string): string {
  // Beijing time in the name, the same clock as inside the report.
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return shifted.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export async function writeReport(report: DoctorReport, folder: string): Promise<WrittenReport> {
  const dir = resolve(folder);
  await mkdir(dir, { recursive: true });
  const base = join(dir, `govdock-doctor-${stamp(report.generatedAt)}`);
  const written = { markdown: `${base}.md`, html: `${base}.html`, json: `${base}.json` };
  await writeFile(written.markdown, renderMarkdown(report), 'utf8');
  await writeFile(written.html, renderHtml(report), 'utf8');
  await writeFile(written.json, JSON.stringify(report, null, 2) + '\n', 'utf8');
  return written;
}
