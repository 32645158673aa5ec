import{a}from"./chunk-YWEEJGAY.js";import"./chunk-IOGO6QAG.js";import"./chunk-E7Q4K226.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as CardView};
