// Headless Chromium from Debian's package (`apt-get install chromium`), driven by playwright-core.
// Where it is missing, browser tests skip and a test says why.
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";

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

let launched: Promise<Browser> | undefined;

/** One Chromium per test file: starting one for each test cost about a second of CPU each. */
function sharedBrowser(): Promise<Browser> {
  if (!launched) {
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    launched = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    // A launch that failed is not kept: the next test tries again and reports its own error.
    launched.catch(() => (launched = undefined));
  }
  return launched;
}

/** A fresh browser context (its own cookies, storage, cache and routes; offline) of the file's Chromium, closed afterwards. */
export async function withBrowser<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 800 }, offline: true });
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

if (typeof afterAll === "function") {
  afterAll(async () => {
    const browser = launched;
    launched = undefined;
    await (await browser?.catch(() => undefined))?.close();
  });
}

/** Every URL the page asked for other than itself (each is aborted). */
export async function recordRequests(context: BrowserContext, pageUrl: string): Promise<string[]> {
  const requests: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    if (!requests.includes(url)) requests.push(url);
    return route.abort();
  });
  context.on("request", (r) => {
    if (r.url() !== pageUrl && !requests.includes(r.url())) requests.push(r.url());
  });
  return requests;
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
