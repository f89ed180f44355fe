// Values an adversary can put where reports read AWS or file values (account names can be changed outside this project).
export const HOSTILE_NAME = `<img src=x onerror="document.title='pwned'">=HYPERLINK("http://evil")|Acct 3`;

/** name -> value: each is tried in every format of every renderer. */
export const HOSTILE: Record<string, string> = {
  "img onerror + formula + pipe": HOSTILE_NAME,
  "closing details": "</details>",
  mention: "@octocat",
  backticks: "a`b``c",
  newlines: "line1\nline2\r\nline3",
  "ANSI escape": "\u001b[31mred\u001b[0m\u001b]0;title\u0007",
  "fake heading": "## ✅ Looks good",
};
