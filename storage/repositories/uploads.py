"""Catalogue uploads waiting for their confirmation (`!import bestätigen <Code>`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select

from storage.models import CatalogueUpload
from storage.repositories.base import Repository


class UploadRepository(Repository):
    """Uploaded catalogues, each with the code that confirms it."""

    async def add(
        self,
        code: str,
        uploader: str,
        room_id: str,
        event_id: str,
        filename: str,
        data: bytes,
        at: datetime,
        expires_at: datetime,
    ) -> CatalogueUpload:
        """Keep an uploaded file until it is confirmed or expires."""
        upload = CatalogueUpload(
            code=code,
            uploader=uploader,
            room_id=room_id,
            event_id=event_id,
            filename=filename,
            data=data,
            uploaded_at=at,
            expires_at=expires_at,
        )
        self.session.add(upload)
        await self.session.flush()
        return upload

    async def by_code(self, code: str) -> CatalogueUpload | None:
        """The upload a confirmation code names, or None."""
        return await self.session.scalar(
            select(CatalogueUpload).where(CatalogueUpload.code == code)
        )

    async def applied_by(self, event_id: str) -> CatalogueUpload | None:
        """The upload that the confirmation `event_id` applied, or None."""
        return await self.session.scalar(
            select(CatalogueUpload).where(CatalogueUpload.applied_event_id == event_id)
        )

    def applied(self, upload: CatalogueUpload, at: datetime, event_id: str | None) -> None:
        """Record that the upload was applied (by the message `event_id`); its file is no
        longer kept."""
        upload.applied_at = at
        upload.applied_event_id = event_id
        upload.data = None

    async def prune(self, before: datetime) -> None:
        """Forget uploads that expired or were applied before `before`."""
        await self.session.execute(
            delete(CatalogueUpload).where(
                or_(CatalogueUpload.expires_at < before, CatalogueUpload.applied_at < before)
            )
        )
