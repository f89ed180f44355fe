// The files the CLI writes: the append-only action log and reports, checked before any AWS call.
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppendLog } from "../lib/cli/io/append-log";
import { checkOutputFile, prepareFolder, writeFileAtomic } from "../lib/cli/io/output-paths";

// Counts fsyncs (AppendLog imports fsyncSync by name, so the module is wrapped, not spied on).
const mockFsync = jest.fn();
jest.mock("node:fs", () => {
  const actual = jest.requireActual("node:fs");
  return {
    ...actual,
    fsyncSync: (fd: number) => {
      mockFsync(fd);
      return actual.fsyncSync(fd);
    },
  };
});

const tmp = () => mkdtempSync(join(tmpdir(), "ra-files-"));

describe("AppendLog", () => {
  it("creates the file 0600 and appends one JSON line per record", () => {
    const file = join(tmp(), "log.jsonl");
    const log = AppendLog.open(file);
    log.append({ a: 1 });
    log.append({ b: "two" });
    log.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe('{"a":1}\n{"b":"two"}\n');
    const again = AppendLog.open(file);
    again.append({ c: 3 });
    again.close();
    expect(readFileSync(file, "utf8").split("\n")).toHaveLength(4);
  });

  it("writes every line at once, and fsyncs a durable one (with every line before it) and what is left at close", () => {
    const fsync = mockFsync;
    fsync.mockClear();
    {
      const file = join(tmp(), "log.jsonl");
      const log = AppendLog.open(file);
      log.append({ result: "deleted" }, false);
      // On the file before append returns (a killed process loses nothing), not yet forced to disk.
      expect(readFileSync(file, "utf8")).toBe('{"result":"deleted"}\n');
      expect(fsync).toHaveBeenCalledTimes(0);
      log.append({ result: "attempt" });
      expect(fsync).toHaveBeenCalledTimes(1);
      log.close();
      // Nothing written since: close has nothing to force.
      expect(fsync).toHaveBeenCalledTimes(1);
      const again = AppendLog.open(file);
      again.append({ result: "deleted" }, false);
      again.close();
      expect(fsync).toHaveBeenCalledTimes(2);
      expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    }
  });

  it.each<[string, (dir: string) => string, string]>([
    ["a symbolic link", (d) => (writeFileSync(join(d, "real"), ""), symlinkSync(join(d, "real"), join(d, "link")), join(d, "link")), "it is a symbolic link"],
    ["a folder", (d) => d, "it is a folder"],
    ["a missing folder", (d) => join(d, "nope", "log.jsonl"), "its folder does not exist"],
    ["a device", () => "/dev/full", "not a regular file"],
  ])("refuses %s with one line naming the path", (_what, make, why) => {
    const path = make(tmp());
    expect(() => AppendLog.open(path)).toThrow(`${path}: cannot open the log for appending: ${why}`);
  });
});

describe("report files", () => {
  it("writes whole files 0600 through a temporary file in the same folder", () => {
    const dir = tmp();
    const file = join(dir, "report.json");
    writeFileAtomic(file, "{}\n");
    expect(readFileSync(file, "utf8")).toBe("{}\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });

  it.each<[string, (dir: string) => string, string]>([
    ["a folder", (d) => d, "is a folder; name a file"],
    ["a missing folder", (d) => join(d, "nope", "r.json"), "the folder"],
    ["a symbolic link", (d) => (writeFileSync(join(d, "t"), ""), symlinkSync(join(d, "t"), join(d, "l")), join(d, "l")), "is a symbolic link"],
    ["/dev/full", () => "/dev/full", "is not a regular file"],
  ])("refuses %s before anything is done", (_what, make, why) => {
    const path = make(tmp());
    expect(() => checkOutputFile(path, "--output")).toThrow(`--output ${path}: `);
    expect(() => checkOutputFile(path, "--output")).toThrow(why);
  });

  it("refuses an empty name", () => {
    expect(() => checkOutputFile("", "--output")).toThrow("--output: the file name is empty: name a file");
  });
});

describe("backup folders", () => {
  it("fails at once under /proc instead of looping", () => {
    const started = Date.now();
    expect(() => prepareFolder("/proc/nope", "--backup-dir", true)).toThrow("--backup-dir /proc/nope: cannot create the folder /proc/nope");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a file given as the folder", () => {
    const file = join(tmp(), "f");
    writeFileSync(file, "");
    expect(() => prepareFolder(file, "--backup-dir", true)).toThrow(`--backup-dir ${file}: ${file} is not a folder`);
  });

  it("checks a missing folder without leaving it behind, and creates it 0700 when saving", () => {
    const dir = join(tmp(), "a", "b");
    prepareFolder(dir, "--backup-dir", true);
    expect(() => statSync(dir)).toThrow();
    prepareFolder(dir, "--backup-dir");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
