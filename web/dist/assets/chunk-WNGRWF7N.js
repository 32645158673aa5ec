import{a as N}from"./chunk-VEZNBI6R.js";import{c as b,n as F,o as _,p as L}from"./chunk-JWIZOWBI.js";import{b as O,c as n,d as p,k as T,m as C,n as x,p as $,q as u,r as S,t as z,z as m}from"./chunk-O76BBFZL.js";var E={id:"sha256:66df4985f0e4f1d679ba12d3b84d1a113cd4b5d91bdc5658f2e7c9b976da7ba3",text:`query Journeys($id: ID!, $project: ID, $asOf: Date) {
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
`};var A=900,w=180,M=110,g=28,B=18,k=class extends m{static properties={project:{type:String},asOf:{type:String,attribute:"as-of"},_withActivity:{state:!0}};static reloadOn=[...m.reloadOn,"project","asOf"];static styles=[m.baseStyles,_,O`
    .bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
    .summary { font-weight: 600; margin: 4px 0; }
    svg { width: 100%; height: auto; max-width: ${A}px; display: block; }
    h2 { font-size: 16px; margin: 6px 0; }
    .tick text { font-size: 10px; fill: var(--cybercoop-muted); }
    .tick line { stroke: var(--cybercoop-line); }
    .name { font-size: 11px; fill: var(--cybercoop-text); cursor: pointer; }
    .name:hover { text-decoration: underline; }
    .days { font-size: 11px; fill: var(--cybercoop-text); }
    .none { font-size: 11px; fill: var(--cybercoop-muted); }
    line.span { stroke: var(--cybercoop-journey-span); stroke-width: 2; }
    circle.first { fill: var(--cybercoop-background); stroke: var(--cybercoop-journey-first); stroke-width: 2; }
    circle.accession { fill: var(--cybercoop-journey-accession); }
    .key { display: flex; gap: 14px; font-size: 12px; margin: 4px 0; }
    .key svg { display: inline; width: 14px; height: 14px; vertical-align: middle; }
    td.num { text-align: right; white-space: nowrap; }
    ul { margin: 0; padding-left: 16px; }
  `];constructor(){super(),this.project="",this.asOf="",this._withActivity=!1}load(a){return T(this.api,E,{id:this.entity,project:this.project||null,asOf:b(this.asOf)?this.asOf:null},a)}renderData({convention:a}){let i=this.t,s=this.lang,e=a.accessionJourneys,c=this._withActivity?e.filter(t=>t.firstActivityDate):e,d=e.map(t=>t.daysToAccession).filter(t=>t!=null),o=F(d),h=[...a.projects].sort((t,v)=>t.label.localeCompare(v.label,s));return n`
      <h2>${i.journeysTitle(x(a,s))}</h2>
      ${L(a.chart,i,s)}
      <div class="bar">
        <label>${i.project}: <select @change=${t=>this.setProject(t.target.value)}>
          <option value="" ?selected=${!this.project}>${i.allProjects}</option>
          ${h.map(t=>n`<option value=${t.id} ?selected=${t.id===this.project}>${t.label}</option>`)}
        </select></label>
        <label><input type="checkbox" .checked=${this._withActivity} @change=${t=>{this._withActivity=t.target.checked}}>
          ${i.onlyWithActivity}</label>
        ${b(this.asOf)?n`<span>${i.mapStanding($(this.asOf,s))}</span>`:""}
      </div>
      <p class="summary" role="status">${e.length?i.journeysSummary(e.filter(t=>t.firstActivityDate).length,e.length,o?.toLocaleString(s==="fr"?"fr-FR":"en-GB")):i.noJourneys}</p>
      ${c.length?this.renderChart(c,i.journeysTitle(x(a,s))):""}
      ${c.length?this.renderTable(c):""}`}renderChart(a,i){let s=this.t,e=this.lang,c=t=>t?z(t)[0]:null,d=a.flatMap(t=>[c(t.firstActivityDate),c(t.accession.date)]).filter(Boolean);if(!d.length)return"";let o=N().domain([new Date(Math.min(...d)),new Date(Math.max(...d))]).nice().range([w,A-M]),h=g+a.length*B+8;return n`
      <div class="key" aria-hidden="true">
        <span><svg viewBox="0 0 14 14"><circle class="first" cx="7" cy="7" r="4"></circle></svg> ${s.firstActivity}</span>
        <span><svg viewBox="0 0 14 14"><circle class="accession" cx="7" cy="7" r="5"></circle></svg> ${s.accession}</span>
      </div>
      <svg class="chart" viewBox="0 0 ${A} ${h}" role="img" aria-label=${i}>
        ${o.ticks(8).map(t=>p`<g class="tick"><line x1=${o(t)} x2=${o(t)} y1=${g-6} y2=${h}></line>
          <text x=${o(t)} y=${g-10} text-anchor="middle">${S(t,e)}</text></g>`)}
        ${a.map((t,v)=>{let l=g+v*B+B/2,D=t.accession.party,y=c(t.firstActivityDate),r=c(t.accession.date),f=C(D,e),J=[f,t.firstActivityDate?`${s.firstActivity}${s.colon}${$(t.firstActivityDate,e)}`:s.noActivityBefore,`${s.accession}${s.colon}${t.accession.date?$(t.accession.date,e):s.noDate}`,t.daysToAccession!=null?s.daysBetween(t.daysToAccession):""].filter(Boolean).join(" \xB7 ");return p`<g><title>${J}</title>
            <text class="name" x=${w-8} y=${l+4} text-anchor="end" @click=${()=>this.open(D.id)}>${f.length>28?f.slice(0,27)+"\u2026":f}</text>
            ${y&&r?p`<line class="span" x1=${o(y)} x2=${o(r)} y1=${l} y2=${l}></line>`:""}
            ${y?p`<circle class="first" cx=${o(y)} cy=${l} r="4"></circle>`:""}
            ${r?p`<circle class="accession" cx=${o(r)} cy=${l} r="5"></circle>`:""}
            <text class=${t.daysToAccession!=null?"days":"none"} x=${(r?o(r):w)+9} y=${l+4}>${t.daysToAccession!=null?s.daysBetween(t.daysToAccession):r?y?"":s.noActivityBefore:s.noDate}</text>
          </g>`})}
      </svg>`}renderTable(a){let i=this.t,s=this.lang;return n`<table aria-label=${i.journeys}>
      <thead><tr><th>${i.name}</th><th>${i.firstActivity}</th><th>${i.accession}</th><th>${i.days}</th><th>${i.activitiesBefore}</th></tr></thead>
      <tbody>${a.map(e=>n`<tr>
        <td>${this.entityLink(e.accession.party)}</td>
        <td class="nowrap">${e.firstActivityDate?u(e.firstActivityDate,null,s):n`<span class="muted">${i.noActivityBefore}</span>`}</td>
        <td><span class="nowrap">${e.accession.date?u(e.accession.date,null,s):n`<span class="muted">${i.noDate}</span>`}</span>
          <span class="muted">(${i.statusWord[e.accession.status]??e.accession.status})</span></td>
        <td class="num">${e.daysToAccession!=null?e.daysToAccession.toLocaleString(s==="fr"?"fr-FR":"en-GB"):""}</td>
        <td>${e.activitiesBefore.totalCount}${e.activitiesBefore.nodes.length?n`<ul>${e.activitiesBefore.nodes.map(c=>n`<li><span class="nowrap">${u(c.start,null,s)}</span>: ${this.entityLink(c)}</li>`)}</ul>`:""}
          ${e.activitiesBefore.totalCount>e.activitiesBefore.nodes.length?n`<span class="muted">${i.more(e.activitiesBefore.totalCount-e.activitiesBefore.nodes.length)}</span>`:""}</td>
      </tr>`)}</tbody>
    </table>`}setProject(a){this.project=a,this.dispatchEvent(new CustomEvent("cc-project",{detail:{project:a},bubbles:!0,composed:!0}))}};customElements.define("cc-journeys",k);export{k as a};
