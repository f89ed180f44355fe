// One self-contained HTML page for any report (audit, check, readiness, remediation): inline CSS
// and JS under a hash-pinned Content-Security-Policy, nothing fetched, data embedded as inert JSON.
import { createHash } from "node:crypto";
import { htmlText } from "./safe-text";

/**
 * The plain model every HTML report is built from. A command renders its result as one of these
 * with a small adapter (see `audit-html.ts`, `check-html.ts`); every string in it is plain text
 * (from AWS, a file or us) and is escaped here, never by the adapter.
 */
export interface HtmlReport {
  /** What kind of report, e.g. "audit", "check", "readiness", "remediation plan": shown above the title, set as `data-report` on <body>. */
  readonly kind: string;
  /** The page title and heading, e.g. "Root credentials audit of o-abc123defg". */
  readonly title: string;
  /** One sentence under the title: the verdict. */
  readonly verdict?: { readonly text: string; readonly tone: Tone };
  /** Header facts, in order: organization, when, who ran it, what was selected. */
  readonly facts: readonly HtmlFact[];
  /** Totals first: one group per dimension ("Accounts by status", "Credentials by kind", "Blocked cells by policy"). */
  readonly totals: readonly HtmlTotalGroup[];
  /** Where the work is: a tree (of OUs) with a stacked bar per node. @default - no summary */
  readonly tree?: HtmlTree;
  /** What one row is, singular and plural ("account"/"accounts", "finding"/"findings"). */
  readonly rowNoun: { readonly one: string; readonly many: string };
  /** The table's columns; every row has a cell per column key. */
  readonly columns: readonly HtmlColumn[];
  /** One row per account (or finding); filterable and sortable, with details shown on click. */
  readonly rows: readonly HtmlRow[];
  /** Further sections after the table (notes, what to do). @default - none */
  readonly sections?: readonly HtmlSection[];
  /**
   * How many rows the table shows at first, and adds per "Show more"; "Show all" and printing show
   * every row that matches. Filters and sorts always apply to every row. Building and laying out
   * 10,000 rows took about 5 s of Chromium CPU on opening and again on every sort.
   * @default 500
   */
  readonly pageRows?: number;
}

/** Rows the table shows at first (`HtmlReport.pageRows`). */
export const PAGE_ROWS = 500;

/** How a value reads: colours of totals, bars, statuses and verdicts. */
export type Tone = "good" | "bad" | "warn" | "info" | "muted";

export interface HtmlFact {
  readonly label: string;
  readonly value: string;
}

export interface HtmlTotalGroup {
  readonly title: string;
  readonly items: readonly { readonly label: string; readonly value: number; readonly tone?: Tone }[];
}

export interface HtmlTree {
  readonly title: string;
  /** The bar's segments, in order (e.g. with root credentials, clean, skipped, error). */
  readonly segments: readonly { readonly key: string; readonly label: string; readonly tone: Tone }[];
  readonly roots: readonly HtmlTreeNode[];
}

export interface HtmlTreeNode {
  /** Matches `HtmlRow.groups`: clicking the node filters the table to the rows in it. */
  readonly id: string;
  readonly name: string;
  /** Counts per segment key, this node and everything under it. */
  readonly counts: Readonly<Record<string, number>>;
  readonly children: readonly HtmlTreeNode[];
}

export interface HtmlColumn {
  readonly key: string;
  readonly label: string;
  /** Numbers sort numerically and align right. @default "text" */
  readonly type?: "text" | "number";
  /**
   * For short values: words are not broken inside, and in tables of over 2,000 rows (a fixed layout,
   * for speed) a fixed width ("narrow" about 10 characters, "medium" about 18). Columns without one
   * share the rest and break long values anywhere (a hostile name cannot widen the page).
   * @default - a share of the rest
   */
  readonly width?: "narrow" | "medium";
}

export interface HtmlRow {
  /** Unique within the report (the account ID), set as `data-id` on its <tr>. */
  readonly id: string;
  /** Cell values by column key. */
  readonly cells: Readonly<Record<string, string | number>>;
  /** The row's status for the status filter and its colour. */
  readonly status: { readonly label: string; readonly tone: Tone };
  /** Tree node IDs the row belongs to (its OU and every OU above it). @default - none */
  readonly groups?: readonly string[];
  /** Shown when the row is opened (and when printing): items, errors, blocking statements. */
  readonly details?: readonly HtmlDetail[];
}

export interface HtmlDetail {
  readonly label: string;
  /** One value, or a list shown one per line. */
  readonly value: string | readonly string[];
  readonly tone?: Tone;
}

export interface HtmlSection {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/** JSON that is safe inside a <script> element: no `<` (so no `</script>`), no `>`/`&`, no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const TONES: readonly Tone[] = ["good", "bad", "warn", "info", "muted"];

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

export function renderHtmlReport(report: HtmlReport): string {
  const style = STYLE;
  const script = SCRIPT;
  // Only this page's own style and script run: an injected inline script or style would not match the hashes.
  const csp = `default-src 'none'; style-src ${sha256(style)}; script-src ${sha256(script)}; img-src 'none'; form-action 'none'; base-uri 'none'`;
  const tone = (t: Tone | undefined) => (t && TONES.includes(t) ? t : "muted");
  const facts = report.facts.map((f) => `<div><dt>${htmlText(f.label)}</dt><dd>${htmlText(f.value)}</dd></div>`).join("");
  const totals = report.totals
    .map(
      (g) =>
        `<section class="total-group"><h2>${htmlText(g.title)}</h2><ul>${g.items
          .map(
            (i) =>
              `<li class="tone-${tone(i.tone)}"><span class="n">${i.value.toLocaleString("en-US")}</span> <span class="label">${htmlText(i.label)}</span></li>`,
          )
          .join("")}</ul></section>`,
    )
    .join("");
  const sections = (report.sections ?? [])
    .map((s) => `<section class="notes"><h2>${htmlText(s.title)}</h2>${s.paragraphs.map((p) => `<p>${htmlText(p)}</p>`).join("")}</section>`)
    .join("");
  const pageRows = report.pageRows ?? PAGE_ROWS;
  if (!Number.isInteger(pageRows) || pageRows < 1) throw new RangeError(`pageRows: ${pageRows} is not a whole number of rows; expected 1 or more`);
  const data = {
    rowNoun: report.rowNoun,
    pageRows,
    columns: report.columns.map((c) => ({ key: c.key, label: c.label, type: c.type ?? "text", width: c.width })),
    rows: report.rows.map((r) => ({
      id: r.id,
      cells: report.columns.map((c) => r.cells[c.key] ?? ""),
      status: r.status.label,
      tone: tone(r.status.tone),
      groups: r.groups ?? [],
      details: (r.details ?? []).map((d) => ({ label: d.label, value: d.value, tone: d.tone ? tone(d.tone) : undefined })),
    })),
    tree: report.tree
      ? { title: report.tree.title, segments: report.tree.segments.map((s) => ({ ...s, tone: tone(s.tone) })), roots: report.tree.roots }
      : undefined,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(report.title)}</title>
<style>${style}</style>
</head>
<body data-report="${htmlText(report.kind)}">
<header>
<p class="kind">root-access ${htmlText(report.kind)}</p>
<h1>${htmlText(report.title)}</h1>
${report.verdict ? `<p class="verdict tone-${tone(report.verdict.tone)}">${htmlText(report.verdict.text)}</p>` : ""}
<dl class="facts">${facts}</dl>
</header>
<main>
<div class="totals">${totals}</div>
<section id="tree" class="tree" hidden></section>
<section class="rows">
<div class="controls">
<label>Filter <input id="filter" type="search" placeholder="any text: ID, name, error..." autocomplete="off"></label>
<label>Status <select id="status"><option value="">all</option></select></label>
<span id="group-filter" hidden><span id="group-name"></span> <button id="group-clear" type="button">show all</button></span>
<span id="shown" aria-live="polite"></span>
</div>
<table id="rows"><thead></thead><tbody></tbody></table>
<p id="more" class="more" hidden><span id="more-text"></span> <button id="more-next" type="button"></button> <button id="more-all" type="button"></button></p>
<noscript><p>The table needs JavaScript (inline in this file; nothing is fetched). The JSON report has every value.</p></noscript>
</section>
${sections}
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d6dbe1;--bg:#fff;--head:#f4f6f8;--good:#1a7f37;--bad:#cf222e;--warn:#9a6700;--info:#0969da;--muted-tone:#6e7781}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--head)}
.kind{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:var(--muted)}
h1{margin:2px 0 6px;font-size:22px;overflow-wrap:anywhere}
h2{font-size:13px;margin:0 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.verdict{margin:0 0 10px;font-weight:600;font-size:15px}
.facts{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0}
.facts div{min-width:0}.facts dt{font-size:11px;color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
main{padding:16px 28px 40px}
.totals{display:flex;flex-wrap:wrap;gap:14px 40px;margin-bottom:18px}
.total-group ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:8px}
.total-group li{border:1px solid var(--line);border-left:4px solid currentColor;border-radius:4px;padding:4px 10px}
.total-group .label{color:var(--muted)}
.total-group .n{font-size:18px;font-weight:700;color:var(--fg);margin-right:2px}
.tone-good{color:var(--good)}.tone-bad{color:var(--bad)}.tone-warn{color:var(--warn)}.tone-info{color:var(--info)}.tone-muted{color:var(--muted-tone)}
.tree{margin:0 0 18px}
.tree ul{list-style:none;margin:0;padding-left:18px}.tree>ul{padding-left:0}
.node{display:grid;grid-template-columns:minmax(140px,260px) 1fr 70px;gap:10px;align-items:center;width:100%;max-width:900px;padding:2px 4px;border:0;background:none;font:inherit;color:inherit;text-align:left;cursor:pointer}
.node:hover,.node:focus-visible{background:var(--head)}.node.active{outline:2px solid var(--info)}
.node .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{display:flex;height:12px;background:var(--head);border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%;background:currentColor}
.legend{display:flex;gap:14px;font-size:12px;margin:4px 0 6px}.legend span::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:currentColor;border-radius:2px}
.controls{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;margin-bottom:8px}
.controls input{width:280px;padding:4px 6px;font:inherit}.controls select{font:inherit;padding:3px}
#shown{color:var(--muted)}
.more{margin:10px 0;color:var(--muted)}.more button{font:inherit;margin-left:6px}
table{border-collapse:collapse;width:100%}
table.fixed{table-layout:fixed}table.fixed col.narrow{width:10em}table.fixed col.medium{width:18em}table.fixed col.num{width:6em}table.fixed col.status{width:10em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.keep{overflow-wrap:break-word}
th{background:var(--head);position:sticky;top:0;white-space:nowrap}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid var(--info)}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
td.num,th.num{text-align:right}
tbody tr.row{cursor:pointer}tbody tr.row:hover{background:#f6f8fa}
tr.row td:first-child{white-space:nowrap}
tr.row td:first-child::before{content:"\\25B8 ";color:var(--muted)}tr.row.open td:first-child::before{content:"\\25BE "}
.status{font-weight:600;white-space:nowrap}
tr.details td{background:#fbfcfd;padding:6px 8px 10px 28px}
tr.details dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
tr.details dt{color:var(--muted)}tr.details dd{margin:0}tr.details dd div{white-space:pre-wrap}
.notes p{max-width:900px}
@media print{
 header{background:none}th{position:static;background:none}
 .controls,.node{cursor:auto}.controls input,.controls select,#group-clear,.more{display:none}
 tr.row td:first-child::before{content:""}
 tr{break-inside:avoid}
 .bar{border:1px solid var(--line);-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .tone-good,.tone-bad,.tone-warn,.tone-info,.tone-muted{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

// Builds the table from the embedded JSON with textContent only: no value is ever parsed as HTML.
const SCRIPT = `
(function(){
"use strict";
var data=JSON.parse(document.getElementById("report-data").textContent);
var cols=data.columns,rows=data.rows,noun=data.rowNoun,pageRows=data.pageRows;
var table=document.getElementById("rows"),thead=table.tHead,tbody=table.tBodies[0];
var filter=document.getElementById("filter"),statusSel=document.getElementById("status"),shown=document.getElementById("shown");
var groupBox=document.getElementById("group-filter"),groupName=document.getElementById("group-name");
var more=document.getElementById("more"),moreText=document.getElementById("more-text"),moreNext=document.getElementById("more-next"),moreAll=document.getElementById("more-all");
// limit: how many of the matching rows are in the table (Infinity: all, as for printing).
var state={text:"",status:"",group:"",sort:-1,dir:1,limit:pageRows};
var collator=new Intl.Collator(undefined,{numeric:true,sensitivity:"base"});
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=String(text);return e;}
// Past 2,000 rows a fixed layout: re-ordering them must not re-measure every cell for column widths.
if(rows.length>2000)table.classList.add("fixed");
var colgroup=el("colgroup");cols.forEach(function(c){colgroup.appendChild(el("col",c.width||(c.type==="number"?"num":"")));});
colgroup.appendChild(el("col","status"));table.insertBefore(colgroup,thead);
var hr=el("tr");
cols.forEach(function(c,i){var th=el("th",c.type==="number"?"num":"");th.setAttribute("scope","col");th.setAttribute("aria-sort","none");
 var b=el("button","",c.label);b.type="button";b.addEventListener("click",function(){sortBy(i);});th.appendChild(b);hr.appendChild(th);});
var sth=el("th","");sth.setAttribute("scope","col");sth.setAttribute("aria-sort","none");var sb=el("button","","Status");sb.type="button";
sb.addEventListener("click",function(){sortBy(cols.length);});sth.appendChild(sb);hr.appendChild(sth);thead.appendChild(hr);
var statuses=[];
rows.forEach(function(r,index){
 r.index=index;r.tr=null;r.detail=null;
 r.search=(r.cells.join("\\u0000")+"\\u0000"+r.status+"\\u0000"+r.details.map(function(d){return d.label+" "+[].concat(d.value).join(" ");}).join("\\u0000")).toLowerCase();
 if(statuses.indexOf(r.status)<0)statuses.push(r.status);
});
// A row's <tr> is built the first time it is shown, then kept (with its open details).
function rowEl(r){
 if(r.tr)return r.tr;
 var tr=el("tr","row");tr.dataset.id=r.id;tr.tabIndex=0;
 r.cells.forEach(function(v,i){tr.appendChild(el("td",cols[i].type==="number"?"num":cols[i].width?"keep":"",v));});
 tr.appendChild(el("td","status tone-"+r.tone,r.status));
 tr.addEventListener("click",function(){toggle(r);});
 tr.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();toggle(r);}});
 return r.tr=tr;}
statuses.sort().forEach(function(s){var o=el("option","",s);o.value=s;statusSel.appendChild(o);});
function detailRow(r){
 var tr=el("tr","details"),td=el("td");td.colSpan=cols.length+1;
 if(r.details.length===0){td.appendChild(el("span","","no details"));}
 else{var dl=el("dl");r.details.forEach(function(d){dl.appendChild(el("dt","",d.label));var dd=el("dd",d.tone?"tone-"+d.tone:"");
  [].concat(d.value).forEach(function(v){dd.appendChild(el("div","",v));});dl.appendChild(dd);});td.appendChild(dl);}
 tr.appendChild(td);return tr;}
function toggle(r,open){
 var want=open===undefined?!r.detail:open;
 if(want&&!r.detail){r.detail=detailRow(r);r.tr.after(r.detail);r.tr.classList.add("open");}
 else if(!want&&r.detail){r.detail.remove();r.detail=null;r.tr.classList.remove("open");}}
function visible(r){return (!state.text||r.search.indexOf(state.text)>=0)&&(!state.status||r.status===state.status)&&(!state.group||r.groups.indexOf(state.group)>=0);}
function compare(a,b){
 if(state.sort<0)return a.index-b.index;
 var x=state.sort<cols.length?a.cells[state.sort]:a.status,y=state.sort<cols.length?b.cells[state.sort]:b.status;
 var c=(typeof x==="number"&&typeof y==="number")?x-y:collator.compare(String(x),String(y));
 return (c||a.index-b.index)*state.dir;}
function count(n){return n.toLocaleString("en-US");}
function render(){
 var list=rows.filter(visible).sort(compare),frag=document.createDocumentFragment();
 var page=list.length>state.limit?list.slice(0,state.limit):list;
 page.forEach(function(r){frag.appendChild(rowEl(r));if(r.detail)frag.appendChild(r.detail);});
 tbody.textContent="";tbody.appendChild(frag);
 shown.textContent=list.length===rows.length?count(rows.length)+" "+(rows.length===1?noun.one:noun.many):count(list.length)+" of "+count(rows.length)+" "+noun.many+" shown";
 more.hidden=page.length===list.length;
 if(!more.hidden){var left=list.length-page.length;
  moreText.textContent="The table lists the first "+count(page.length)+" of these "+count(list.length)+" "+noun.many+"; the filter and the sort cover all of them.";
  moreNext.textContent="Show "+count(Math.min(pageRows,left))+" more";moreAll.textContent="Show all "+count(list.length);}}
// A new filter or sort starts again from the first page.
function again(){state.limit=pageRows;render();}
moreNext.addEventListener("click",function(){state.limit+=pageRows;render();});
moreAll.addEventListener("click",function(){state.limit=Infinity;render();});
function sortBy(i){
 if(state.sort===i)state.dir=-state.dir;else{state.sort=i;state.dir=1;}
 Array.prototype.forEach.call(hr.children,function(th,j){th.setAttribute("aria-sort",j===i?(state.dir>0?"ascending":"descending"):"none");});
 again();}
var timer;
filter.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){state.text=filter.value.trim().toLowerCase();again();},rows.length>2000?150:0);});
statusSel.addEventListener("change",function(){state.status=statusSel.value;again();});
function setGroup(id,name,button){
 state.group=id;groupBox.hidden=!id;groupName.textContent=id?"In "+name:"";
 Array.prototype.forEach.call(document.querySelectorAll(".node"),function(n){n.classList.toggle("active",n===button);});again();}
document.getElementById("group-clear").addEventListener("click",function(){setGroup("","",null);});
if(data.tree){
 var box=document.getElementById("tree");box.hidden=false;box.appendChild(el("h2","",data.tree.title));
 var legend=el("div","legend");data.tree.segments.forEach(function(s){legend.appendChild(el("span","tone-"+s.tone,s.label));});box.appendChild(legend);
 var total=function(n){return data.tree.segments.reduce(function(t,s){return t+(n.counts[s.key]||0);},0);};
 var build=function(nodes){var ul=el("ul");nodes.forEach(function(n){var li=el("li"),b=el("button","node");b.type="button";
  var sum=total(n);b.appendChild(el("span","name",n.name));b.title=n.name+" ("+n.id+")";
  var bar=el("span","bar");data.tree.segments.forEach(function(s){var v=n.counts[s.key]||0;if(v>0&&sum>0){var seg=el("span","tone-"+s.tone);seg.style.width=(100*v/sum)+"%";seg.title=s.label+": "+v;bar.appendChild(seg);}});
  b.appendChild(bar);b.appendChild(el("span","num",sum.toLocaleString("en-US")));
  b.addEventListener("click",function(){setGroup(state.group===n.id?"":n.id,n.name,state.group===n.id?null:b);});
  li.appendChild(b);if(n.children.length)li.appendChild(build(n.children));ul.appendChild(li);});return ul;};
 box.appendChild(build(data.tree.roots));}
// Printing shows every matching row with its details, then the table as it was.
var printed=[],printLimit=null;
window.addEventListener("beforeprint",function(){printLimit=state.limit;state.limit=Infinity;render();
 rows.forEach(function(r){if(!r.detail&&visible(r)){toggle(r,true);printed.push(r);}});});
window.addEventListener("afterprint",function(){printed.forEach(function(r){toggle(r,false);});printed=[];
 if(printLimit!==null){state.limit=printLimit;printLimit=null;render();}});
render();
document.body.dataset.ready="true";
})();
`;
