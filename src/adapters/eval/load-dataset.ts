import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { parseDocument } from "yaml";
import { validateCaseFile, type CaseFile } from "../../core/eval/case-file.js";
import type { EvalCase } from "../../core/eval/types.js";
import { diffFileSets, type SourceFile, type TreeDiff } from "./git-diff.js";

export const CASE_FILE = "case.yaml";

/** Everything wrong with a dataset, each problem naming its case folder and field. */
export class DatasetError extends Error {
  constructor(
    readonly dataset: string,
    readonly problems: readonly string[],
  ) {
    super(`the dataset ${dataset} cannot be used; fix these problems:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "DatasetError";
  }
}

interface SideFiles {
  readonly sources: SourceFile[];
  /** Text files only: a file with a NUL byte in its first 8000 bytes is binary, as git decides. */
  readonly texts: Map<string, string>;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Every regular file under `root`, sorted by path; symbolic links and odd names are problems. */
async function readSide(root: string, label: string, problems: string[]): Promise<SideFiles> {
  const sources: SourceFile[] = [];
  const texts = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolutePath = join(dir, entry.name);
      const path = relative(root, absolutePath).split(sep).join("/");
      if (entry.isDirectory()) {
        await walk(absolutePath);
      } else if (!entry.isFile()) {
        problems.push(`${label}/${path}: only plain files are supported (not a symbolic link or device)`);
      } else if (/[\n\t"\\]/.test(path)) {
        problems.push(`${label}/${path}: file names with tabs, newlines, quotes or backslashes are not supported`);
      } else {
        sources.push({ path, absolutePath });
        const bytes = await readFile(absolutePath);
        if (!bytes.subarray(0, 8000).includes(0)) texts.set(path, bytes.toString("utf8"));
      }
    }
  };
  await walk(root);
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sources, texts };
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

async function readCaseFile(path: string, label: string, problems: string[]): Promise<CaseFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (!isMissing(error)) throw error;
    problems.push(`${label}: has no ${CASE_FILE} (id, expected, and optionally description and instructions)`);
    return undefined;
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) problems.push(`${label}/${CASE_FILE}: not valid YAML: ${error.message.split("\n")[0] ?? ""}`);
    return undefined;
  }
  const validated = validateCaseFile(document.toJS());
  if (!validated.ok) {
    for (const problem of validated.problems) problems.push(`${label}/${CASE_FILE}: ${problem}`);
    return undefined;
  }
  return validated.caseFile;
}

/** The expected issues must point at lines that exist in after/: the new-file lines a finding would cite. */
function checkExpectedLines(caseFile: CaseFile, after: ReadonlyMap<string, string>, label: string, problems: string[]): void {
  caseFile.expected.forEach((issue, index) => {
    const field = `${label}/${CASE_FILE}: expected[${index}]`;
    const text = after.get(issue.path);
    if (text === undefined) {
      problems.push(`${field}.path: ${issue.path} is not a text file of after/`);
      return;
    }
    const lines = lineCount(text);
    const last = issue.end_line ?? issue.line;
    if (last > lines) problems.push(`${field}.${issue.end_line === undefined ? "line" : "end_line"}: ${last} is past the end of after/${issue.path} (${lines} lines)`);
  });
}

interface ReadCase {
  readonly dir: string;
  readonly label: string;
  readonly caseFile: CaseFile;
  readonly before: SideFiles;
  readonly after: SideFiles;
}

async function readCase(dir: string, label: string, problems: string[]): Promise<ReadCase | undefined> {
  const caseProblems: string[] = [];
  const caseFile = await readCaseFile(join(dir, CASE_FILE), label, caseProblems);
  const empty = (): SideFiles => ({ sources: [], texts: new Map<string, string>() });
  const afterDir = join(dir, "after");
  const beforeDir = join(dir, "before");
  const hasAfter = await isDirectory(afterDir);
  if (!hasAfter) caseProblems.push(`${label}: has no after/ folder (the files after the change)`);
  const after = hasAfter ? await readSide(afterDir, `${label}/after`, caseProblems) : empty();
  // An empty folder cannot be committed to git: a case whose files are all new may leave before/ out.
  const before = (await isDirectory(beforeDir)) ? await readSide(beforeDir, `${label}/before`, caseProblems) : empty();
  if (caseFile !== undefined) checkExpectedLines(caseFile, after.texts, label, caseProblems);
  problems.push(...caseProblems);
  return caseFile === undefined || caseProblems.length > 0 ? undefined : { dir, label, caseFile, before, after };
}

function toEvalCase(read: ReadCase, diff: TreeDiff): EvalCase {
  const { caseFile } = read;
  return {
    id: caseFile.id,
    dir: read.dir,
    ...(caseFile.description === undefined ? {} : { description: caseFile.description }),
    ...(caseFile.instructions === undefined ? {} : { instructions: caseFile.instructions }),
    expected: caseFile.expected,
    files: diff.files,
    diff: diff.diff,
    before: read.before.texts,
    after: read.after.texts,
  };
}

/**
 * Reads a dataset: every folder of `dataset` (except hidden ones) is a case with `case.yaml`, `after/` and
 * (unless every file is new) `before/`. All problems of all cases are collected and thrown together.
 * @throws DatasetError
 */
export async function loadDataset(dataset: string): Promise<EvalCase[]> {
  const root = resolve(dataset);
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) throw new DatasetError(dataset, [`${dataset}: no such directory`]);
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") throw new DatasetError(dataset, [`${dataset}: is a file, not a directory of cases`]);
    throw error;
  }
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) throw new DatasetError(dataset, [`${dataset}: has no case folders`]);

  const problems: string[] = [];
  const read: ReadCase[] = [];
  const folderOfId = new Map<string, string>();
  for (const folder of folders) {
    const label = join(dataset, folder);
    const one = await readCase(join(root, folder), label, problems);
    if (one === undefined) continue;
    const earlier = folderOfId.get(one.caseFile.id);
    if (earlier !== undefined) problems.push(`${label}/${CASE_FILE}: id: ${one.caseFile.id} is already the id of ${earlier}`);
    folderOfId.set(one.caseFile.id, label);
    read.push(one);
  }
  const diffs = await diffFileSets(read.map((one) => ({ before: one.before.sources, after: one.after.sources })));
  const cases: EvalCase[] = [];
  read.forEach((one, index) => {
    const diff = diffs[index];
    if (diff === undefined || diff.files.length === 0) problems.push(`${one.label}: before/ and after/ are the same; a case needs a change to review`);
    else cases.push(toEvalCase(one, diff));
  });
  if (problems.length > 0) throw new DatasetError(dataset, problems);
  return cases;
}
