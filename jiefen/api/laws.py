"""The law library through the API: search in everyday Chinese, and one article by its citation."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.api.errors import error_responses
from jiefen.api.serializers import Text
from jiefen.knowledge.citations import CitationError, resolve
from jiefen.knowledge.laws import Citation
from jiefen.knowledge.search import rank_statutes


class LawSearchQuerySerializer(serializers.Serializer):
    q = Text(max_length=500, help_text="What the dispute is about, in the citizen's words: 邻居装修太吵.")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class RankedArticleSerializer(serializers.Serializer):
    citation = serializers.CharField(help_text="法名:第N条, e.g. 民法典:第289条")
    law = serializers.CharField(help_text="The law's short name.")
    number = serializers.IntegerField()
    label = serializers.CharField(help_text="As printed: 第二百八十九条")
    chapter = serializers.CharField()
    text = serializers.CharField()
    score = serializers.FloatField(help_text="BM25 score; comparable only within one search.")
    matched = serializers.ListField(child=serializers.CharField(), help_text="The words that matched, strongest first.")


class LawArticleSerializer(serializers.Serializer):
    citation = serializers.CharField()
    law = serializers.CharField(source="law.short")
    title = serializers.CharField(source="law.title", help_text="The law's full title.")
    effective = serializers.DateField(source="law.effective", help_text="When this version took effect.")
    number = serializers.IntegerField()
    label = serializers.CharField()
    chapter = serializers.CharField()
    text = serializers.CharField()


class LawSearchView(APIView):
    @extend_schema(
        operation_id="search_laws",
        summary="Search the law library",
        description="The articles in force most relevant to the words, best first, with the words that matched.",
        tags=["laws"],
        parameters=[LawSearchQuerySerializer],
        responses={200: RankedArticleSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        query = LawSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        results = rank_statutes(query.validated_data["q"], query.validated_data["limit"])
        return Response(RankedArticleSerializer(results, many=True).data)


class LawArticleView(APIView):
    @extend_schema(
        operation_id="get_law_article",
        summary="One article of the law library",
        description="The article cited as `{short}:第{number}条`, in the version of the law in force.",
        tags=["laws"],
        parameters=[
            OpenApiParameter("short", str, OpenApiParameter.PATH, description="The law's short name: 民法典."),
            OpenApiParameter("number", int, OpenApiParameter.PATH, description="The article number: 1079."),
        ],
        responses={200: LawArticleSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, short, number):
        if not number.isdecimal():
            raise Http404(_("There is no such article."))
        try:
            article = resolve(Citation(short, int(number)))
        except CitationError as error:
            raise Http404(str(error)) from None
        return Response(LawArticleSerializer(article).data)
