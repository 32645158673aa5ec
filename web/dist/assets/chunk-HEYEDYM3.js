import{d as _}from"./chunk-7QUWU4U6.js";import{c as x,n as S,o as F,p as z}from"./chunk-GVHESXWS.js";import{a as O,c as T,d as v,f as l,i as C,o as u}from"./chunk-CYIHO4H5.js";import{b as D,c as r,d as p}from"./chunk-KA27ISCT.js";var L={id:"sha256:66df4985f0e4f1d679ba12d3b84d1a113cd4b5d91bdc5658f2e7c9b976da7ba3",text:`query Journeys($id: ID!, $project: ID, $asOf: Date) {
  convention(id: $id) {
    id label nameFr shortName
    chart { statusAsOf complete note source { id title url publisher date } }
    projects { id label }
    accessionJourneys(project: $project, asOf: $asOf) {
      accession { status date certainBy party { id kind label ... on Country { iso2 countryNameFr: nameFr } ... on Organization { nameFr } } }
      firstActivityDate daysToAccession
      activitiesBefore(first: 3) { totalCount nodes { id label start } }
    }
  }
}
`};var b=900,A=180,E=110,m=28,w=18,B=class extends u{static properties={project:{type:String},asOf:{type:String,attribute:"as-of"},_withActivity:{state:!0}};static reloadOn=[...u.reloadOn,"project","asOf"];static styles=[u.baseStyles,F,D`
    .bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
    .summary { font-weight: 600; margin: 4px 0; }
    svg { width: 100%; height: auto; max-width: ${b}px; display: block; }
    .tick text { font-size: 10px; fill: var(--cc-muted, #555); }
    .name { font-size: 11px; fill: var(--cc-text, #1b1f24); cursor: pointer; }
    .name:hover { text-decoration: underline; }
    .days { font-size: 11px; fill: var(--cc-text, #1b1f24); }
    .none { font-size: 11px; fill: var(--cc-muted, #666); }
    line.span { stroke: #7f8c99; stroke-width: 2; }
    circle.first { fill: var(--cc-background, #fff); stroke: var(--cc-journey-first, #d55e00); stroke-width: 2; }
    circle.accession { fill: var(--cc-journey-accession, #0072b2); }
    .key { display: flex; gap: 14px; font-size: 12px; margin: 4px 0; }
    .key svg { display: inline; width: 14px; height: 14px; vertical-align: middle; }
    td.num { text-align: right; white-space: nowrap; }
    ul { margin: 0; padding-left: 16px; }
  `];constructor(){super(),this.project="",this.asOf="",this._withActivity=!1}load(a){return O(this.api,L,{id:this.entity,project:this.project||null,asOf:x(this.asOf)?this.asOf:null},a)}renderData({convention:a}){let i=this.t,s=this.lang,e=a.accessionJourneys,c=this._withActivity?e.filter(t=>t.firstActivityDate):e,h=e.map(t=>t.daysToAccession).filter(t=>t!=null),n=S(h),y=[...a.projects].sort((t,g)=>t.label.localeCompare(g.label,s));return r`
      <h3>${i.journeysTitle(v(a,s))}</h3>
      ${z(a.chart,i,s)}
      <div class="bar">
        <label>${i.project}: <select @change=${t=>this.setProject(t.target.value)}>
          <option value="" ?selected=${!this.project}>${i.allProjects}</option>
          ${y.map(t=>r`<option value=${t.id} ?selected=${t.id===this.project}>${t.label}</option>`)}
        </select></label>
        <label><input type="checkbox" .checked=${this._withActivity} @change=${t=>{this._withActivity=t.target.checked}}>
          ${i.onlyWithActivity}</label>
        ${x(this.asOf)?r`<span>${i.mapStanding(l(this.asOf,s))}</span>`:""}
      </div>
      <p class="summary" role="status">${e.length?i.journeysSummary(e.filter(t=>t.firstActivityDate).length,e.length,n?.toLocaleString(s==="fr"?"fr-FR":"en-GB")):i.noJourneys}</p>
      ${c.length?this.renderChart(c,i.journeysTitle(v(a,s))):""}
      ${c.length?this.renderTable(c):""}`}renderChart(a,i){let s=this.t,e=this.lang,c=t=>t?C(t)[0]:null,h=a.flatMap(t=>[c(t.firstActivityDate),c(t.accession.date)]).filter(Boolean);if(!h.length)return"";let n=_().domain([new Date(Math.min(...h)),new Date(Math.max(...h))]).nice().range([A,b-E]),y=m+a.length*w+8;return r`
      <div class="key" aria-hidden="true">
        <span><svg viewBox="0 0 14 14"><circle class="first" cx="7" cy="7" r="4"></circle></svg> ${s.firstActivity}</span>
        <span><svg viewBox="0 0 14 14"><circle class="accession" cx="7" cy="7" r="5"></circle></svg> ${s.accession}</span>
      </div>
      <svg class="chart" viewBox="0 0 ${b} ${y}" role="img" aria-label=${i}>
        ${n.ticks(8).map(t=>p`<g class="tick"><line x1=${n(t)} x2=${n(t)} y1=${m-6} y2=${y} stroke="#eef0f2"></line>
          <text x=${n(t)} y=${m-10} text-anchor="middle">${n.tickFormat(8)(t)}</text></g>`)}
        ${a.map((t,g)=>{let d=m+g*w+w/2,k=t.accession.party,f=c(t.firstActivityDate),o=c(t.accession.date),$=T(k,e),N=[$,t.firstActivityDate?`${s.firstActivity}: ${l(t.firstActivityDate,e)}`:s.noActivityBefore,`${s.accession}: ${t.accession.date?l(t.accession.date,e):s.noDate}`,t.daysToAccession!=null?s.daysBetween(t.daysToAccession):""].filter(Boolean).join(" \xB7 ");return p`<g><title>${N}</title>
            <text class="name" x=${A-8} y=${d+4} text-anchor="end" @click=${()=>this.open(k.id)}>${$.length>28?$.slice(0,27)+"\u2026":$}</text>
            ${f&&o?p`<line class="span" x1=${n(f)} x2=${n(o)} y1=${d} y2=${d}></line>`:""}
            ${f?p`<circle class="first" cx=${n(f)} cy=${d} r="4"></circle>`:""}
            ${o?p`<circle class="accession" cx=${n(o)} cy=${d} r="5"></circle>`:""}
            <text class=${t.daysToAccession!=null?"days":"none"} x=${(o?n(o):A)+9} y=${d+4}>${t.daysToAccession!=null?s.daysBetween(t.daysToAccession):o?f?"":s.noActivityBefore:s.noDate}</text>
          </g>`})}
      </svg>`}renderTable(a){let i=this.t,s=this.lang;return r`<table>
      <thead><tr><th>${i.name}</th><th>${i.firstActivity}</th><th>${i.accession}</th><th>${i.days}</th><th>${i.activitiesBefore}</th></tr></thead>
      <tbody>${a.map(e=>r`<tr>
        <td>${this.entityLink(e.accession.party)}</td>
        <td>${e.firstActivityDate?l(e.firstActivityDate,s):r`<span class="muted">${i.noActivityBefore}</span>`}</td>
        <td>${e.accession.date?l(e.accession.date,s):r`<span class="muted">${i.noDate}</span>`}
          <span class="muted">(${i.statusWord[e.accession.status]??e.accession.status})</span></td>
        <td class="num">${e.daysToAccession!=null?e.daysToAccession.toLocaleString(s==="fr"?"fr-FR":"en-GB"):""}</td>
        <td>${e.activitiesBefore.totalCount}${e.activitiesBefore.nodes.length?r`<ul>${e.activitiesBefore.nodes.map(c=>r`<li>${l(c.start,s)}: ${this.entityLink(c)}</li>`)}</ul>`:""}
          ${e.activitiesBefore.totalCount>e.activitiesBefore.nodes.length?r`<span class="muted">${i.more(e.activitiesBefore.totalCount-e.activitiesBefore.nodes.length)}</span>`:""}</td>
      </tr>`)}</tbody>
    </table>`}setProject(a){this.project=a,this.dispatchEvent(new CustomEvent("cc-project",{detail:{project:a},bubbles:!0,composed:!0}))}};customElements.define("cc-journeys",B);export{B as a};
