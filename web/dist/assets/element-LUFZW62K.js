import{a}from"./chunk-23BNFUT7.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as views};
