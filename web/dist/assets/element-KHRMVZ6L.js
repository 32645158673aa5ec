import{a}from"./chunk-TWFGESMG.js";import"./chunk-S6IA7MSW.js";import"./chunk-ZS7EOZQI.js";import"./chunk-JWIZOWBI.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as views};
