/* Generated from templates/review.md.hbs by scripts/generate-review-template.mjs. Do not edit. */
// @ts-nocheck
export const reviewTemplateSpec = {"0":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| Task | Runs as | CPU | Memory | Triggers | Scaling |\n|---|---|---|---|---|---|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),(depth0 != null ? lookupProperty(depth0,"tasks") : depth0),{"name":"each","hash":{},"fn":container.program(1, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":15,"column":0},"end":{"line":17,"column":9}}})) != null ? stack1 : "");
},"1":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), alias2=container.hooks.helperMissing, alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"name") || (depth0 != null ? lookupProperty(depth0,"name") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"name","hash":{},"data":data,"loc":{"start":{"line":16,"column":2},"end":{"line":16,"column":10}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"kind") || (depth0 != null ? lookupProperty(depth0,"kind") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"kind","hash":{},"data":data,"loc":{"start":{"line":16,"column":13},"end":{"line":16,"column":21}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"cpu") || (depth0 != null ? lookupProperty(depth0,"cpu") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"cpu","hash":{},"data":data,"loc":{"start":{"line":16,"column":24},"end":{"line":16,"column":31}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"memory") || (depth0 != null ? lookupProperty(depth0,"memory") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"memory","hash":{},"data":data,"loc":{"start":{"line":16,"column":34},"end":{"line":16,"column":44}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"triggers") || (depth0 != null ? lookupProperty(depth0,"triggers") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"triggers","hash":{},"data":data,"loc":{"start":{"line":16,"column":47},"end":{"line":16,"column":59}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"scaling") || (depth0 != null ? lookupProperty(depth0,"scaling") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"scaling","hash":{},"data":data,"loc":{"start":{"line":16,"column":62},"end":{"line":16,"column":73}}}) : helper))) != null ? stack1 : "")
    + " |\n";
},"2":function(container,depth0,helpers,partials,data) {
    return "No tasks.\n";
},"3":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), alias2=container.hooks.helperMissing, alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"type") || (depth0 != null ? lookupProperty(depth0,"type") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"type","hash":{},"data":data,"loc":{"start":{"line":27,"column":2},"end":{"line":27,"column":10}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"count") || (depth0 != null ? lookupProperty(depth0,"count") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"count","hash":{},"data":data,"loc":{"start":{"line":27,"column":13},"end":{"line":27,"column":22}}}) : helper))) != null ? stack1 : "")
    + " |\n";
},"4":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "**"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"task") || (depth0 != null ? lookupProperty(depth0,"task") : depth0)) != null ? helper : container.hooks.helperMissing),(typeof helper === "function" ? helper.call(alias1,{"name":"task","hash":{},"data":data,"loc":{"start":{"line":33,"column":2},"end":{"line":33,"column":10}}}) : helper))) != null ? stack1 : "")
    + "** may:\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias1,(depth0 != null ? lookupProperty(depth0,"lines") : depth0),{"name":"each","hash":{},"fn":container.program(5, data, 0),"inverse":container.program(6, data, 0),"data":data,"loc":{"start":{"line":34,"column":0},"end":{"line":38,"column":9}}})) != null ? stack1 : "")
    + "\n";
},"5":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "- "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"6":function(container,depth0,helpers,partials,data) {
    return "- nothing beyond running (its role has no policies)\n";
},"7":function(container,depth0,helpers,partials,data) {
    return "No tasks.\n\n";
},"8":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.lambda, alias2=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "## Change set `"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"changeSetName") : stack1), depth0)) != null ? stack1 : "")
    + "` on `"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"stackName") : stack1), depth0)) != null ? stack1 : "")
    + "`\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"rows") : stack1)) != null ? lookupProperty(stack1,"length") : stack1),{"name":"if","hash":{},"fn":container.program(9, data, 0),"inverse":container.program(11, data, 0),"data":data,"loc":{"start":{"line":47,"column":0},"end":{"line":55,"column":7}}})) != null ? stack1 : "")
    + "\n### Security changes\n\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"securityChanges") : stack1),{"name":"each","hash":{},"fn":container.program(5, data, 0),"inverse":container.program(12, data, 0),"data":data,"loc":{"start":{"line":59,"column":0},"end":{"line":63,"column":9}}})) != null ? stack1 : "")
    + "\n### Data-loss risks\n\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias2,((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"dataLossRisks") : stack1),{"name":"each","hash":{},"fn":container.program(5, data, 0),"inverse":container.program(13, data, 0),"data":data,"loc":{"start":{"line":67,"column":0},"end":{"line":71,"column":9}}})) != null ? stack1 : "")
    + "\n### Template diff\n\n"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"fence") : stack1), depth0)) != null ? stack1 : "")
    + "diff\n"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"templateDiff") : stack1), depth0)) != null ? stack1 : "")
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"fence") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"9":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| Action | Logical ID | Type | Replacement |\n|---|---|---|---|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"rows") : stack1),{"name":"each","hash":{},"fn":container.program(10, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":50,"column":0},"end":{"line":52,"column":9}}})) != null ? stack1 : "");
},"10":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), alias2=container.hooks.helperMissing, alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"action") || (depth0 != null ? lookupProperty(depth0,"action") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"action","hash":{},"data":data,"loc":{"start":{"line":51,"column":2},"end":{"line":51,"column":12}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"logicalId") || (depth0 != null ? lookupProperty(depth0,"logicalId") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"logicalId","hash":{},"data":data,"loc":{"start":{"line":51,"column":15},"end":{"line":51,"column":28}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"resourceType") || (depth0 != null ? lookupProperty(depth0,"resourceType") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"resourceType","hash":{},"data":data,"loc":{"start":{"line":51,"column":31},"end":{"line":51,"column":47}}}) : helper))) != null ? stack1 : "")
    + " | "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"replacement") || (depth0 != null ? lookupProperty(depth0,"replacement") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"replacement","hash":{},"data":data,"loc":{"start":{"line":51,"column":50},"end":{"line":51,"column":65}}}) : helper))) != null ? stack1 : "")
    + " |\n";
},"11":function(container,depth0,helpers,partials,data) {
    return "No changes.\n";
},"12":function(container,depth0,helpers,partials,data) {
    return "None.\n";
},"13":function(container,depth0,helpers,partials,data) {
    return "None: no bucket, table or queue is replaced or removed.\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), alias2=container.hooks.helperMissing, alias3="function", lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "# "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"stackName") || (depth0 != null ? lookupProperty(depth0,"stackName") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"stackName","hash":{},"data":data,"loc":{"start":{"line":1,"column":2},"end":{"line":1,"column":15}}}) : helper))) != null ? stack1 : "")
    + "\n\nStage **"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"stage") || (depth0 != null ? lookupProperty(depth0,"stage") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"stage","hash":{},"data":data,"loc":{"start":{"line":3,"column":8},"end":{"line":3,"column":17}}}) : helper))) != null ? stack1 : "")
    + "** in **"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"region") || (depth0 != null ? lookupProperty(depth0,"region") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"region","hash":{},"data":data,"loc":{"start":{"line":3,"column":25},"end":{"line":3,"column":35}}}) : helper))) != null ? stack1 : "")
    + "**: "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"resourceSummary") || (depth0 != null ? lookupProperty(depth0,"resourceSummary") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"resourceSummary","hash":{},"data":data,"loc":{"start":{"line":3,"column":39},"end":{"line":3,"column":58}}}) : helper))) != null ? stack1 : "")
    + ". Generated by `ecs-arch compile` from `"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"configFile") || (depth0 != null ? lookupProperty(depth0,"configFile") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"configFile","hash":{},"data":data,"loc":{"start":{"line":3,"column":98},"end":{"line":3,"column":112}}}) : helper))) != null ? stack1 : "")
    + "`; review the templates next to this file.\n\n## Architecture\n\n```mermaid\n"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"mermaid") || (depth0 != null ? lookupProperty(depth0,"mermaid") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"mermaid","hash":{},"data":data,"loc":{"start":{"line":8,"column":0},"end":{"line":8,"column":11}}}) : helper))) != null ? stack1 : "")
    + "```\n\n## Tasks\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,((stack1 = (depth0 != null ? lookupProperty(depth0,"tasks") : depth0)) != null ? lookupProperty(stack1,"length") : stack1),{"name":"if","hash":{},"fn":container.program(0, data, 0),"inverse":container.program(2, data, 0),"data":data,"loc":{"start":{"line":12,"column":0},"end":{"line":20,"column":7}}})) != null ? stack1 : "")
    + "\n## Resources by type\n\n| Type | Count |\n|---|---:|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias1,(depth0 != null ? lookupProperty(depth0,"resources") : depth0),{"name":"each","hash":{},"fn":container.program(3, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":26,"column":0},"end":{"line":28,"column":9}}})) != null ? stack1 : "")
    + "\n## IAM permissions per task\n\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias1,(depth0 != null ? lookupProperty(depth0,"permissions") : depth0),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.program(7, data, 0),"data":data,"loc":{"start":{"line":32,"column":0},"end":{"line":43,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,(depth0 != null ? lookupProperty(depth0,"changes") : depth0),{"name":"if","hash":{},"fn":container.program(8, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":44,"column":0},"end":{"line":77,"column":7}}})) != null ? stack1 : "");
},"useData":true};
