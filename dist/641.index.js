export const id = 641;
export const ids = [641];
export const modules = {

/***/ 5479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* reexport */ github/* getOctokit */.Q)
});

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
var undici_namespaceObject = /*#__PURE__*/__webpack_require__.t(undici, 2);
// EXTERNAL MODULE: ./src/undici-on-demand.ts
var undici_on_demand = __webpack_require__(3113);
;// CONCATENATED MODULE: ./src/undici-provided.ts
/**
 * Hands the real undici to src/undici-on-demand.ts. A module of its own, imported first by src/octokit.ts,
 * because @actions/github builds its proxied fetch as it loads: undici must be in place before that.
 */


(0,undici_on_demand.provideUndici)(undici_namespaceObject);

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/octokit.ts
/**
 * The one door to Octokit: it loads the real undici first (see src/undici-on-demand.ts), so both load together,
 * and only in runs that talk to GitHub's API (the modules that use this one are imported lazily).
 */




/***/ }),

/***/ 5641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PreviewGitHub: () => (/* binding */ PreviewGitHub)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5479);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/**
 * What a preview shows on GitHub: one pull-request comment, found again by a hidden marker and updated in
 * place; the preview's GitHub Deployment made inactive when the preview is deleted; and whether a pull request
 * is closed, for the sweep. A problem with GitHub's API never fails the preview: it is a notice or a warning.
 */



function statusOf(error) {
    return error.status;
}
class PreviewGitHub {
    context;
    log;
    notice;
    octokit;
    owner;
    repo;
    constructor(context, log, notice) {
        this.context = context;
        this.log = log;
        this.notice = notice;
        this.octokit = (0,_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(context.token, { baseUrl: context.apiUrl });
        const [owner, repo] = context.repository.split('/');
        this.owner = owner;
        this.repo = repo;
    }
    /** The hidden line that finds this app's preview comment again. */
    get marker() {
        return `<!-- mendix-deploy-action preview ${this.context.appId} -->`;
    }
    /** Creates the pull request's preview comment, or updates the one already there. */
    async upsertComment(pr, markdown) {
        const body = (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(`${this.marker}\n${markdown}`);
        try {
            const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
                owner: this.owner,
                repo: this.repo,
                issue_number: pr,
                per_page: 100
            });
            const mine = comments.find(c => typeof c.body === 'string' && c.body.startsWith(this.marker));
            if (mine) {
                await this.octokit.rest.issues.updateComment({
                    owner: this.owner,
                    repo: this.repo,
                    comment_id: mine.id,
                    body
                });
            }
            else {
                await this.octokit.rest.issues.createComment({
                    owner: this.owner,
                    repo: this.repo,
                    issue_number: pr,
                    body
                });
            }
        }
        catch (error) {
            const status = statusOf(error);
            if (status === 403 || status === 404) {
                this.notice(`Skipped the preview comment on pull request #${pr}: the token may not write to it (${status}). Grant permissions: pull-requests: write to show the preview's link there.`, 'Preview comment skipped');
            }
            else {
                this.log.warning(`Could not write the preview comment on pull request #${pr}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}. The preview goes on.`, 'Preview comment');
            }
        }
    }
    /** Marks the GitHub Deployments of a deleted preview inactive, so GitHub stops linking to it. */
    async deactivate(environment) {
        try {
            const { data } = await this.octokit.rest.repos.listDeployments({
                owner: this.owner,
                repo: this.repo,
                environment,
                per_page: 10
            });
            for (const deployment of data) {
                await this.octokit.rest.repos.createDeploymentStatus({
                    owner: this.owner,
                    repo: this.repo,
                    deployment_id: deployment.id,
                    state: 'inactive'
                });
            }
        }
        catch (error) {
            this.log.warning(`Could not mark the GitHub deployments of ${environment} inactive: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}. Does the workflow grant permissions: deployments: write?`, 'GitHub deployment');
        }
    }
    /** Whether the pull request is closed; undefined when GitHub does not say. */
    async isClosed(pr) {
        try {
            const { data } = await this.octokit.rest.pulls.get({
                owner: this.owner,
                repo: this.repo,
                pull_number: pr
            });
            return data.state === 'closed';
        }
        catch (error) {
            this.log.warning(`Could not read pull request #${pr} on GitHub (${statusOf(error) ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}); judging its preview by age alone.`, 'Pull request state');
            return undefined;
        }
    }
}


/***/ })

};

//# sourceMappingURL=641.index.js.map