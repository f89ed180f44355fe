// Headless Chromium from Debian's package (`apt-get install chromium`), driven by playwright-core.
// Where it is missing, browser tests skip and a test says why.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";

export const CHROMIUM = process.env.ROOT_ACCESS_CHROMIUM ?? "/usr/bin/chromium";

export type BrowserAvailability = { available: true } | { available: false; reason: string };

export const browser: BrowserAvailability = existsSync(CHROMIUM)
  ? { available: true }
  : { available: false, reason: `no Chromium at ${CHROMIUM} (install it with apt-get install chromium, or set ROOT_ACCESS_CHROMIUM)` };

/** No network, no first-run work, no background updates; --headless comes from headless: true. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What a page did since openPage opened it: every URL it asked for other than itself (each aborted), its console messages. */
export interface OpenedPage {
  readonly page: Page;
  readonly requests: string[];
  readonly console: string[];
}

interface Tab {
  readonly browser: Browser;
  readonly page: Page;
  /** The page openPage opened last, and what it did. */
  current: { url: string; requests: string[]; console: string[] };
}

let tab: Promise<Tab> | undefined;

/**
 * One Chromium, one offline context and one page per test file, which every test navigates anew
 * (each navigation starts from a fresh document: no script state, scroll or form values carry
 * over, and the pages keep nothing in storage). A browser, a context or a page per test cost 2 to
 * 3 CPU-seconds each, most of it starting renderer processes. Every request but the opened page's
 * own is recorded and aborted.
 */
function sharedTab(): Promise<Tab> {
  if (!tab) {
    tab = (async () => {
      const { chromium } = require("playwright-core") as typeof import("playwright-core");
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true });
      // The page starts on about:blank: nothing is requested before the route below is in place.
      const page = await context.newPage();
      const state: Tab = { browser, page, current: { url: "", requests: [], console: [] } };
      const note = (url: string) => {
        if (url !== state.current.url && !state.current.requests.includes(url)) state.current.requests.push(url);
      };
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url === state.current.url) return route.continue();
        note(url);
        return route.abort();
      });
      context.on("request", (r) => note(r.url()));
      page.on("console", (m) => state.current.console.push(m.text()));
      return state;
    })();
    // A launch that failed is not kept: the next test tries again and reports its own error.
    tab.catch(() => (tab = undefined));
  }
  return tab;
}

/** Opens `url` (a file: URL) in the test file's browser tab; what the page asks for and logs is recorded from here on. */
export async function openPage(url: string): Promise<OpenedPage> {
  const t = await sharedTab();
  const current = { url, requests: [] as string[], console: [] as string[] };
  t.current = current;
  await t.page.goto(url);
  return { page: t.page, requests: current.requests, console: current.console };
}

if (typeof afterAll === "function") {
  afterAll(async () => {
    const opened = tab;
    tab = undefined;
    await (await opened?.catch(() => undefined))?.browser.close();
  });
}

export async function rowIds(page: Page): Promise<string[]> {
  return page.$$eval("tbody tr.row", (rows) => rows.map((r) => r.getAttribute("data-id") ?? ""));
}

type Doc = { document: { querySelectorAll(selector: string): { length: number }; title: string }; scrollTo(x: number, y: number): void };

/** Waits until the table shows `n` rows (a function, not a string: the page's CSP forbids eval, and should). */
export async function waitForRows(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => (globalThis as unknown as Doc).document.querySelectorAll("tbody tr.row").length === count, n);
}

export const scrollToTop = (page: Page) => page.evaluate(() => (globalThis as unknown as Doc).scrollTo(0, 0));
