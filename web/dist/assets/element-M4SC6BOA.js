import{a}from"./chunk-MTT336TM.js";import"./chunk-S3OOYDVZ.js";import"./chunk-IYWUY3VA.js";export{a as views};
