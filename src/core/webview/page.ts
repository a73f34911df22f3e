/**
 * The one shape of the extension's webview pages (the invoke panel, the job page): the strict policy with the
 * page's nonce, the shared styles (codicons, media/webview/base.css) before the page's own, and the shared
 * scripts (media/webview/host.js for the ready handshake and request ids, vscode-elements) around the page's
 * own, each with the nonce. Pure (no VS Code): the host passes the webview's cspSource and URIs, the benchmark
 * its own server's.
 */
import { contentSecurityPolicy, escapeHtml } from './security';

/** A file under media/, as path parts (`['invoke', 'invoke.js']`). */
export type MediaPath = readonly string[];

/** What the host gives a page: the webview's origin for the policy, the nonce, and URIs of files under media/. */
export interface PageAssets {
  cspSource: string;
  nonce: string;
  /** URI of a file under media/. */
  media: (...parts: string[]) => string;
}

export interface PageSpec {
  /** The document's title, as plain text (escaped here). */
  title: string;
  /** The page's style sheets, after the shared ones. */
  styles: readonly MediaPath[];
  /** Classic scripts the page's own uses (globals such as uPlot): they run first, in this order. */
  libraries?: readonly MediaPath[];
  /** The page's own script, an ES module: it runs last, once vscode-elements is defined. */
  script: MediaPath;
  /**
   * The vscode-elements module the page loads: default every element (bundled.js); false for a page whose script
   * defines the few it uses itself (a build bundles them in: scripts/build.mjs), less to fetch and run before its
   * first frame.
   */
  elements?: MediaPath | false;
  /** Attributes of <body>, as plain text (escaped here). */
  bodyAttributes?: Readonly<Record<string, string>>;
  /** The body's markup: static, every value put into it escaped by the caller. */
  body: string;
}

/** Shared by every page, before its own. */
const SHARED_STYLES: readonly MediaPath[] = [['webview', 'base.css']];
const SHARED_LIBRARIES: readonly MediaPath[] = [['webview', 'host.js']];
const ELEMENTS: MediaPath = ['vendor', 'elements', 'bundled.js'];

/** The whole document of a webview page. */
export function webviewPage({ cspSource, nonce, media }: PageAssets, spec: PageSpec): string {
  const href = (parts: MediaPath) => escapeHtml(media(...parts));
  const styles = [...SHARED_STYLES, ...spec.styles].map(parts => `<link rel="stylesheet" href="${href(parts)}">`);
  const classic = [...SHARED_LIBRARIES, ...(spec.libraries ?? [])].map(parts => `<script nonce="${nonce}" src="${href(parts)}"></script>`);
  const elements = spec.elements === false ? [] : [spec.elements ?? ELEMENTS];
  const modules = [...elements, spec.script].map(parts => `<script type="module" nonce="${nonce}" src="${href(parts)}"></script>`);
  const attributes = Object.entries(spec.bodyAttributes ?? {}).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${href(['vendor', 'codicons', 'codicon.css'])}" id="vscode-codicon-stylesheet">
${styles.join('\n')}
<title>${escapeHtml(spec.title)}</title>
</head>
<body${attributes}>
${spec.body.trim()}
${[...classic, ...modules].join('\n')}
</body>
</html>`;
}
