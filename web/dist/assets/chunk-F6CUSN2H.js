import{d as I}from"./chunk-7QUWU4U6.js";import{a as k,c as p,f as C,g as f,h as T,i as E,o as u}from"./chunk-CYIHO4H5.js";import{b as v,c as a,d as $}from"./chunk-KA27ISCT.js";var A={id:"sha256:1bf01ed1ddedd219b15751d59d0c99707f75cdb8dfd199be0dd698a7de0b9cb8",text:`query Timeline($id: ID!, $from: Date, $to: Date) {
  timeline(of: $id, from: $from, to: $to, first: 100) {
    date end kind summary
    node { id kind label ... on Activity { type placeAsWritten } }
    accession { status date entryIntoForce conflict
      party { id label ... on Country { countryNameFr: nameFr } ... on Organization { nameFr } }
      convention { id label shortName nameFr } }
    sources { source { reference title } locator }
  }
}
`};var w=100,R=["ACTIVITY","ACCESSION","PROJECT_START","PROJECT_END"],F={ACTIVITY:"#868e96",ACCESSION:"#9c36b5",PROJECT_START:"#e8590c",PROJECT_END:"#c92a2a"},c=900,r=34,l=10,y=110,x=20,g=class extends u{static styles=[u.baseStyles,v`
    svg { width: 100%; height: auto; max-width: ${c}px; display: block; }
    .tick text { font-size: 10px; fill: #555; }
    .lane { font-size: 11px; fill: #333; }
    ol { list-style: none; padding: 0; margin: 10px 0; }
    li { padding: 4px 0; border-bottom: 1px solid #eef0f2; }
    time { font-weight: 600; margin-right: 6px; }
    .tag { font-size: 11px; padding: 0 4px; border-radius: 3px; color: #fff; margin-right: 4px; }
  `];load(e){return k(this.api,A,{id:this.entity,from:this.from||null,to:this.to||null},e)}renderData({timeline:e}){let n=this.t,o=e.map(t=>({...t,bounds:E(t.date,t.end)}));if(!o.length)return a`<div class="status">—</div>`;let h=new Date(Math.min(...o.map(t=>t.bounds[0]))),O=new Date(Math.max(...o.map(t=>t.bounds[1]))),s=I().domain([h,O]).nice().range([y,c-x]),m=R.filter(t=>o.some(i=>i.kind===t)),D=l+m.length*r+24,d=l+m.length*r;return a`
      ${o.length>=w?a`<div class="muted" role="status">${n.firstEvents(w)}</div>`:""}
      <svg viewBox="0 0 ${c} ${D}" role="img" aria-label="${n.timeline}: ${o.length} events">
        ${m.map((t,i)=>$`
          <text class="lane" x="4" y=${l+i*r+20}>${n.event[t]}</text>
          <line x1=${y} x2=${c-x} y1=${l+i*r+16} y2=${l+i*r+16} stroke="#eef0f2"></line>`)}
        ${o.map(t=>{let i=l+m.indexOf(t.kind)*r+10,b=s(t.bounds[0]),N=Math.max(4,s(t.bounds[1])-b);return $`<rect x=${b} y=${i} width=${N} height="12" rx="2" fill=${F[t.kind]} opacity="0.75"
            @click=${()=>(t.node||t.accession)&&this.open(t.node?.id??this.otherEnd(t.accession))}><title>${f(t.date,t.end,this.lang)}: ${this.summary(t)}</title></rect>`})}
        <line x1=${y} x2=${c-x} y1=${d} y2=${d} stroke="#888"></line>
        ${s.ticks(8).map(t=>$`<g class="tick"><line x1=${s(t)} x2=${s(t)} y1=${d} y2=${d+4} stroke="#888"></line>
          <text x=${s(t)} y=${d+16} text-anchor="middle">${s.tickFormat(8)(t)}</text></g>`)}
      </svg>
      <ol>${o.map(t=>a`<li>
        <time datetime=${t.date} title=${n.precision[T(t.date)]}>${f(t.date,t.end,this.lang)}</time>
        <span class="tag" style="background:${F[t.kind]}">${n.event[t.kind]}</span>
        ${t.node?this.entityLink({id:t.node.id,label:this.summary(t)}):t.accession?this.entityLink({id:this.otherEnd(t.accession),label:this.summary(t)}):this.summary(t)}
        ${t.node?.placeAsWritten?a`<span class="muted"> · ${t.node.type} · ${t.node.placeAsWritten}</span>`:""}
        ${t.sources.length?a`<div class="muted">${t.sources.map(i=>`${i.source.reference??i.source.title}, ${i.locator}`).join("; ")}</div>`:""}
      </li>`)}</ol>`}otherEnd(e){return e.party.id===this.entity?e.convention.id:e.party.id}summary(e){let n=e.accession;if(n){let o=this.lang==="fr"?p(n.convention,"fr"):n.convention.shortName??n.convention.label,h=n.entryIntoForce?`, ${this.t.inForce(C(n.entryIntoForce,this.lang))}`:"";return`${p(n.party,this.lang)}: ${this.t.statusWord[n.status]??n.status} (${o})${h}${n.conflict?` \u26A0 ${n.conflict}`:""}`}return e.kind!=="ACTIVITY"&&e.node?`${e.node.label} (${this.t.event[e.kind].toLowerCase()})`:e.node?.label??e.summary}};customElements.define("cc-timeline",g);export{g as a};
