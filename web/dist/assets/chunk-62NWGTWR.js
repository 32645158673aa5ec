import{d as T}from"./chunk-7QUWU4U6.js";import{a as b,f as p,g as v,h as k,m as u}from"./chunk-LVN2AIOF.js";import{a as y,b as a,c as $}from"./chunk-O25HQKV7.js";var C={id:"sha256:652a1c465bcb834af1b8b23879bdde1c3b29df0890e1405ba90b3c5d8ed5d4fb",text:`query Timeline($id: ID!, $from: Date, $to: Date) {
  timeline(of: $id, from: $from, to: $to, first: 100) {
    date end kind summary
    node { id kind label ... on Activity { type placeAsWritten } }
    accession { status country { id label } convention { id label } }
    sources { source { reference title } locator }
  }
}
`};var A=100,R=["ACTIVITY","ACCESSION","PROJECT_START","PROJECT_END"],E={ACTIVITY:"#868e96",ACCESSION:"#9c36b5",PROJECT_START:"#e8590c",PROJECT_END:"#c92a2a"},c=900,l=34,r=10,f=110,h=20,x=class extends u{static styles=[u.baseStyles,y`
    svg { width: 100%; height: auto; max-width: ${c}px; display: block; }
    .tick text { font-size: 10px; fill: #555; }
    .lane { font-size: 11px; fill: #333; }
    ol { list-style: none; padding: 0; margin: 10px 0; }
    li { padding: 4px 0; border-bottom: 1px solid #eef0f2; }
    time { font-weight: 600; margin-right: 6px; }
    .tag { font-size: 11px; padding: 0 4px; border-radius: 3px; color: #fff; margin-right: 4px; }
  `];load(e){return b(this.api,C,{id:this.entity,from:this.from||null,to:this.to||null},e)}renderData({timeline:e}){let i=this.t,s=e.map(t=>({...t,bounds:k(t.date,t.end)}));if(!s.length)return a`<div class="status">—</div>`;let w=new Date(Math.min(...s.map(t=>t.bounds[0]))),I=new Date(Math.max(...s.map(t=>t.bounds[1]))),o=T().domain([w,I]).nice().range([f,c-h]),m=R.filter(t=>s.some(n=>n.kind===t)),D=r+m.length*l+24,d=r+m.length*l;return a`
      ${s.length>=A?a`<div class="muted" role="status">${i.firstEvents(A)}</div>`:""}
      <svg viewBox="0 0 ${c} ${D}" role="img" aria-label="${i.timeline}: ${s.length} events">
        ${m.map((t,n)=>$`
          <text class="lane" x="4" y=${r+n*l+20}>${i.event[t]}</text>
          <line x1=${f} x2=${c-h} y1=${r+n*l+16} y2=${r+n*l+16} stroke="#eef0f2"></line>`)}
        ${s.map(t=>{let n=r+m.indexOf(t.kind)*l+10,g=o(t.bounds[0]),O=Math.max(4,o(t.bounds[1])-g);return $`<rect x=${g} y=${n} width=${O} height="12" rx="2" fill=${E[t.kind]} opacity="0.75"
            @click=${()=>t.node&&this.open(t.node.id)}><title>${p(t.date,t.end,this.lang)}: ${this.summary(t)}</title></rect>`})}
        <line x1=${f} x2=${c-h} y1=${d} y2=${d} stroke="#888"></line>
        ${o.ticks(8).map(t=>$`<g class="tick"><line x1=${o(t)} x2=${o(t)} y1=${d} y2=${d+4} stroke="#888"></line>
          <text x=${o(t)} y=${d+16} text-anchor="middle">${o.tickFormat(8)(t)}</text></g>`)}
      </svg>
      <ol>${s.map(t=>a`<li>
        <time datetime=${t.date} title=${i.precision[v(t.date)]}>${p(t.date,t.end,this.lang)}</time>
        <span class="tag" style="background:${E[t.kind]}">${i.event[t.kind]}</span>
        ${t.node?this.entityLink({id:t.node.id,label:this.summary(t)}):this.summary(t)}
        ${t.node?.placeAsWritten?a`<span class="muted"> · ${t.node.type} · ${t.node.placeAsWritten}</span>`:""}
        ${t.sources.length?a`<div class="muted">${t.sources.map(n=>`${n.source.reference??n.source.title}, ${n.locator}`).join("; ")}</div>`:""}
      </li>`)}</ol>`}summary(e){let i=e.accession;return i?`${i.country.label}: ${i.status} (${i.convention.label})`:e.kind!=="ACTIVITY"&&e.node?`${e.node.label} (${this.t.event[e.kind].toLowerCase()})`:e.node?.label??e.summary}};customElements.define("cc-timeline",x);export{x as a};
