import { Controller, Get, Header } from '@nestjs/common';
import { OPENAPI_DOCUMENT, OpenApiDocument } from './openapi';
import { Public } from '@orderflow/security';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The API's own description: the OpenAPI document, and a page that lists it without any CDN. */
@Public()
@Controller('docs')
export class DocsHttpController {
  @Get('openapi.json')
  document(): OpenApiDocument {
    return OPENAPI_DOCUMENT;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    const doc = OPENAPI_DOCUMENT;
    const operations = Object.entries(doc.paths)
      .map(([path, { get }]) => {
        const params = (get.parameters ?? [])
          .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''}): ${escape(p.description)}</li>`)
          .join('');
        const responses = Object.entries(get.responses)
          .map(([code, r]) => `<li><code>${code}</code> ${escape(r.description)}</li>`)
          .join('');
        return `<section id="${escape(get.operationId)}">
  <h3><code>GET ${escape(path)}</code></h3>
  <p>${escape(get.summary)}${get.description ? `. ${escape(get.description)}` : ''}</p>
  ${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`;
      })
      .join('\n');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
code{background:#f3f3f3;padding:0 .2em}section{border-top:1px solid #ddd;padding-top:.5rem}</style></head>
<body><h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI ${doc.openapi}).</p>
${operations}
</body></html>`;
  }
}
