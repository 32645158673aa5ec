import{a}from"./chunk-CBMV4A4B.js";import"./chunk-7QUWU4U6.js";import"./chunk-E7Q4K226.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
