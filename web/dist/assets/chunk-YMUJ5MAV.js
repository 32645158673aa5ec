import{a as $,b as h,d as y,e as d,f,g,i as v,l as b,m as c}from"./chunk-LVN2AIOF.js";import{a as m,b as i,f as p}from"./chunk-O25HQKV7.js";var x={id:"sha256:e836a2c1f512e6c43154f69716467f79625009cf3004a7fd419315aa5fe4a713",text:`query Card($id: ID!, $filter: ActivityFilter, $withActivities: Boolean!) {
  entity(id: $id) {
    id kind label sources { source { id title reference } locator }
    relations(first: 100) { totalCount nodes { type direction role status date note node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } sources { source { id title reference } locator } } }
    ... on Country { name countryNameFr: nameFr iso2 countryStatus: status caveat aliases }
    ... on Organization { name nameFr acronym organizationKind note aliases }
    ... on Project { name code projectTitle: title start end budgetEUR budgetNote projectStatus: status area fundingType note aliases }
    ... on Convention { name nameFr treatyNumber shortName openedForSignature body note }
    ... on Activity { title type activityStart: start activityEnd: end city placeAsWritten participants note }
    ... on Theme { name nameFr }
    ... on Goal { goalKind number text }
    ... on Source { title publisher date reference url }
  }
  activities(filter: $filter, first: 50) @include(if: $withActivities) {
    totalCount
    nodes { id label start end type city placeAsWritten projects { id label } }
  }
}
`};var u=class extends c{static styles=[c.baseStyles,m`
    h2 { margin: 0 0 2px; font-size: 18px; }
    h3 { margin: 14px 0 4px; font-size: 14px; border-bottom: 1px solid #dee2e6; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
    dt { color: #555; }
    dd { margin: 0; }
    ul { margin: 4px 0; padding-left: 18px; }
    li { margin: 2px 0; }
    .src { font-size: 12px; color: #444; }
  `];load(t){let e=h(y(this.entity),this.entity,this.from,this.to);return $(this.api,x,{id:this.entity,filter:e,withActivities:!!e},t)}renderData({entity:t,activities:e}){let o=this.t,n=F(t),l=this.lang==="fr"&&n.nameFr?n.nameFr:n.label;return i`
      <h2>${l}</h2>
      <div class="muted"><span class="kind-dot" style="background:${b[n.kind]}"></span>${p(n.kind,this.lang)} · ${n.id}</div>
      <h3>${o.facts}</h3>
      <dl>${this.facts(n).map(([a,s])=>i`<dt>${a}</dt><dd>${s}</dd>`)}</dl>
      ${e?this.renderActivities(e):""}
      ${this.renderRelations(n.relations)}
      <h3>${o.sources}</h3>
      ${this.renderSources(n.sources)}
    `}facts(t){let e=this.t,o=this.lang,n=a=>a?`${d(a,o)} (${e.precision[g(a)]})`:null;return[[e.name,t.name??t.title],[e.frenchName,t.nameFr],[e.acronym,t.acronym??t.shortName],[e.code,t.code??t.iso2??t.treatyNumber],[e.type,t.organizationKind??t.type??t.goalKind],[e.area,t.area],[e.status,t.status],[e.start,n(t.start??t.openedForSignature??t.date)],[e.end,t.kind==="ACTIVITY"&&t.end===t.start?null:n(t.end)],[e.place,t.placeAsWritten],[e.budget,t.budgetEUR!=null?v(t.budgetEUR,o):null],["",t.budgetNote],[e.aliases,t.aliases?.length?t.aliases.join(", "):null],["",t.caveat??t.note??t.text]].filter(([,a])=>a!=null&&a!=="")}renderActivities(t){let e=this.t,o=t.totalCount-t.nodes.length;return i`
      <h3>${e.activities} (${t.totalCount})</h3>
      <ul>${t.nodes.map(n=>i`<li>
        <strong>${f(n.start,n.end,this.lang)}</strong> · ${n.type}${n.placeAsWritten?i` · ${n.placeAsWritten}`:""}<br>
        ${this.entityLink(n)}
        ${n.projects.length?i`<div class="muted">${n.projects.map((l,a)=>i`${a?", ":""}${this.entityLink(l)}`)}</div>`:""}
      </li>`)}</ul>
      ${o>0?i`<div class="muted">${e.more(o)}: ${e.table}</div>`:""}`}renderRelations(t){let e=this.t,o=Map.groupBy(t.nodes,l=>l.type),n=t.totalCount-t.nodes.length;return i`
      <h3>${e.relations} (${t.totalCount})</h3>
      ${[...o].map(([l,a])=>i`
        <details ?open=${a.length<=8}>
          <summary>${l.replaceAll("_"," ").toLowerCase()} (${a.length})</summary>
          <ul>${a.map(s=>i`<li>
            ${s.direction==="IN"?"\u2190 ":"\u2192 "}${this.entityLink(s.node)}
            ${s.role?i`<span class="muted">(${s.role})</span>`:""}
            ${s.status||s.date?i`<span class="muted">${[s.status,d(s.date,this.lang)].filter(Boolean).join(", ")}</span>`:""}
            ${s.sources.length?this.renderSources(s.sources):""}
          </li>`)}</ul>
        </details>`)}
      ${n>0?i`<div class="muted">${e.more(n)}</div>`:""}`}renderSources(t){return i`<div>${t.map(e=>i`<div class="src">${e.source.reference??e.source.title}, ${e.locator}</div>`)}</div>`}};function F(r){return{...r,nameFr:r.countryNameFr??r.nameFr,status:r.countryStatus??r.projectStatus,title:r.projectTitle??r.title,start:r.activityStart??r.start,end:r.activityEnd??r.end}}customElements.define("cc-card",u);export{u as a};
