import{a}from"./chunk-ZYEFHXY4.js";import"./chunk-7QUWU4U6.js";import"./chunk-Q2X54U25.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
