import{a}from"./chunk-ZF3BEPUP.js";import"./chunk-ZS7EOZQI.js";import"./chunk-IOGO6QAG.js";import"./chunk-E7Q4K226.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as TableView};
